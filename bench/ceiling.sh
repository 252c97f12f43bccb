#!/usr/bin/env bash
# The load generator's own ceiling on this machine: `client-demo load --mechanism none` and, when
# installed, wrk (-t1, as the anchors run it) against the cheapest endpoint there is
# (`client-demo hello-server`: Undertow answering on its I/O thread). Prints one Markdown table
# with the CPU the server, the client and everything else used during each run, because on a
# shared 2-core machine a neighbour's build moves these figures more than anything measured.
#
#   bench/ceiling.sh                                   # 10 s per run, 8 and 32 connections
#   bench/ceiling.sh --duration 5s --concurrency "8"   # shorter
#
# Options: --duration D (10s), --warmup D (3s), --concurrency "N..." ("8 32"),
#          --io-threads N (Undertow I/O threads of the hello server, 1), --out DIR,
#          --quiet-max PCT (25), --quiet-wait S (300): wait for a quiet machine before each run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=10s
WARMUP=3s
CONNS="8 32"
IO_THREADS=1
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --concurrency|-c) CONNS=$2; shift 2 ;;
        --io-threads) IO_THREADS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --quiet-max) QUIET_MAX=$2; shift 2 ;;
        --quiet-wait) QUIET_WAIT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "ceiling.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
OUT=${OUT:-/tmp/tokenless-ceiling/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
. "$ROOT/bench/quiet.sh"
secs() { case "$1" in *ms) awk -v v="${1%ms}" 'BEGIN{print v/1000}' ;; *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; *) echo "$1" ;; esac; }

"$ROOT/client-demo.sh" load --help > /dev/null   # builds the jar when needed
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$ROOT/client-demo/target/client-demo.jar" hello-server --port "$PORT" --io-threads "$IO_THREADS" \
    > "$OUT/hello-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^hello-server ready' "$OUT/hello-server.log" && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/hello"

HZ=$(getconf CLK_TCK)
machine() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }  # busy total
server_ticks() { awk '{ r = substr($0, index($0, ") ") + 2); split(r, f, " "); print f[12] + f[13] }' "/proc/$SERVER/stat"; }
children_ticks() { awk '{ r = substr($0, index($0, ") ") + 2); split(r, f, " "); print f[14] + f[15] }' "/proc/$$/stat"; }

ROWS=()
# metered TOOL CONNS FILE COMMAND...: runs COMMAND, meters the CPU, parses with parse_TOOL
metered() {
    local tool=$1 conns=$2 file=$3; shift 3
    local b0 t0 s0 c0 b1 t1 s1 c1
    settle
    read -r b0 t0 < <(machine); s0=$(server_ticks); c0=$(children_ticks)
    "$@" > "$OUT/$file.txt" 2> "$OUT/$file.err" || true
    read -r b1 t1 < <(machine); s1=$(server_ticks); c1=$(children_ticks)
    local total=$((t1 - t0)) srv=$((s1 - s0)) cli=$((c1 - c0)) busy=$((b1 - b0))
    local pct_s pct_c pct_o
    pct_s=$(( total > 0 ? 100 * srv / total : 0 ))
    pct_c=$(( total > 0 ? 100 * cli / total : 0 ))
    pct_o=$(( total > 0 ? 100 * (busy - srv - cli) / total : 0 )); [ "$pct_o" -lt 0 ] && pct_o=0
    local rate p50 p99 cpu_us
    read -r rate p50 p99 cpu_us < <("parse_$tool" "$OUT/$file.txt" "$cli")
    ROWS+=("| $tool | $conns | $rate | $p50 | $p99 | $cpu_us | $pct_s | $pct_c | $pct_o |")
    echo "   $tool c=$conns: $rate req/s, p50 $p50 ms, p99 $p99 ms, client $cpu_us us/req; cpu server $pct_s% client $pct_c% other $pct_o%" >&2
}
# parse_TOOL FILE CLIENT_TICKS: "rate p50 p99 client-CPU-us-per-request"
parse_load() {  # the generator meters its own CPU over the measured window
    grep '^{' "$1" | tail -n 1 | jq -r '"\(.per_second) \(.latency_ms.p50) \(.latency_ms.p99) \(.client_cpu_us_per_request)"'
}
parse_wrk() {
    local ms='{v=$2; if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000}'
    local n
    n=$(awk '/requests in/{print $1; exit}' "$1")
    echo "$(awk '/^Requests\/sec:/{print $2}' "$1") $(awk '$1=="50%"'"$ms" "$1") $(awk '$1=="99%"'"$ms" "$1")" \
        "$(awk -v t="$2" -v hz="$HZ" -v n="${n:-0}" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "-" }')"
}

echo "== hello server on $URL; $DURATION per run after $WARMUP warm-up; raw outputs in $OUT" >&2
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
for c in $CONNS; do
    metered load "$c" "load-c$c" "$ROOT/client-demo.sh" load --url "$URL" --duration "$DURATION" --warmup "$WARMUP" \
        --concurrency "$c" --json
    if command -v wrk > /dev/null; then
        wrk -t1 -c"$c" -d"$(secs "$WARMUP")s" "$URL" > /dev/null 2>&1 || true   # wrk has no warm-up of its own
        metered wrk "$c" "wrk-c$c" wrk --latency -t1 -c"$c" -d"$(secs "$DURATION")s" "$URL"
    fi
done

{
    echo "Run $(date -u +%FT%TZ) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
    echo "load average before: $LOADAVG. Target: client-demo hello-server (Undertow, $IO_THREADS I/O thread), GET /hello."
    echo "client us/req: CPU the load client spent per request (load: its own JVM, all threads, measured window only;"
    echo "wrk: its process over the run). CPU % columns: share of the whole machine (100% = all cores) used during"
    echo "the run by the server, the client (for load including JVM start-up and warm-up) and everything else."
    echo
    echo "| client | connections | req/s | p50 ms | p99 ms | client us/req | server CPU % | client CPU % | other CPU % |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} | tee "$OUT/summary.md"
