# shellcheck shell=bash disable=SC2034  # R_* are read by compare.sh, which sources this
# measure_wrk for bench/compare.sh: the same run as `measure`, with wrk (-t1, one thread, as the
# peers' anchors load their servers) instead of the Java generator. Sourced, not run; needs
# settle, server_roots, tree_ticks, HZ, OUT, DURATION, WARMUP and CONCURRENCY from compare.sh.

# wrk prints latencies as 731.00us, 1.37ms or 1.02s: in ms.
wrk_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
        printf "%.3f", n }'
}

# measure_wrk FILE URL [WRK ARGS...]: sets R_RATE R_P50 R_P99 R_ERR R_SRV R_NOTE like measure.
# WRK_ENV (an array of NAME=value) is the environment of wrk alone, e.g. the client-certificate
# shim's LD_PRELOAD, which the other commands of the run must not load.
WRK_ENV=()
measure_wrk() {
    local file=$1 url=$2
    shift 2
    R_RATE=""; R_P50=""; R_P99=""; R_ERR=""; R_NOTE=""; R_SRV=""
    if ! command -v wrk > /dev/null; then
        R_NOTE="n/a (wrk missing: apt-get install wrk)"
        return 0
    fi
    settle
    local busy0 roots s0 s1 warm measured non2xx sockerr
    busy0=$(cut -d' ' -f1 /proc/loadavg)
    roots=$(server_roots "$file")
    s0=$(tree_ticks "$roots")
    env "${WRK_ENV[@]}" wrk -t1 -c"$CONCURRENCY" -d"$WARMUP" "$@" "$url" > "$OUT/$file.warmup.txt" 2> "$OUT/$file.err" || true
    env "${WRK_ENV[@]}" wrk -t1 -c"$CONCURRENCY" -d"$DURATION" --latency "$@" "$url" > "$OUT/$file.txt" 2>> "$OUT/$file.err" || true
    s1=$(tree_ticks "$roots")
    R_RATE=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/$file.txt")
    if [ -z "$R_RATE" ]; then
        R_NOTE="n/a (wrk failed: $(head -n 1 "$OUT/$file.err" | cut -c1-80))"
        return 0
    fi
    R_P50=$(wrk_ms "$(awk '$1 == "50%" { print $2 }' "$OUT/$file.txt")")
    R_P99=$(wrk_ms "$(awk '$1 == "99%" { print $2 }' "$OUT/$file.txt")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$OUT/$file.txt")
    # wrk counts a connection the server closes after its response (Keystone's uwsgi does, every
    # time) as a read error; connect and write errors and timeouts are failures.
    sockerr=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $8 + $10 }' "$OUT/$file.txt")
    R_ERR=$(( ${non2xx:-0} + ${sockerr:-0} ))
    if [ "$R_ERR" != 0 ]; then R_RATE="$R_RATE ($R_ERR errors)"; fi
    warm=$(awk '/requests in/ { print $1 }' "$OUT/$file.warmup.txt")
    measured=$(awk '/requests in/ { print $1 }' "$OUT/$file.txt")
    R_SRV=$(awk -v t="$((s1 - s0))" -v hz="$HZ" -v n="$(( ${warm:-0} + ${measured:-0} ))" \
        'BEGIN { if (n > 0) printf "%d", t * 1e6 / hz / n; else print "—" }')
    echo "   $file (wrk): $R_RATE/s p50 ${R_P50} ms p99 ${R_P99} ms errors $R_ERR server $R_SRV us/req (load average at start $busy0)" >&2
}
