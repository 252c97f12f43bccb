#!/usr/bin/env bash
# Role lookup at scale, end to end, on this machine:
#   1. `tokenless dev` on free ports with a fresh data directory, used for its embedded
#      PostgreSQL, its CA and its Fernet keys only (it serves no measured request);
#   2. per data-set scale, a database of its own in that PostgreSQL, migrated by
#      `tokenless db migrate` and filled by `client-demo dataset --scale S` (0.1: 20,000
#      assignments, 1: 200,000, 10: 2,000,000), with a service caller bound to a client
#      certificate issued by the dev CA;
#   3. `tokenless serve` processes on that database (a second one for the two-process rows),
#      measured with `client-demo load`: uncached GET /v1/lookup as fast as it goes and at a
#      fixed rate below that (latency without queueing), cached GET /v1/lookup with a client
#      certificate and with an X-Auth-Token, POST /v1/lookup batches, GET /v3/auth/tokens; RSS
#      idle and after load.
# Every server runs from a copy of the jar taken at the start, so a rebuild cannot change a run.
# Prints Markdown tables of medians over --runs runs; raw results stay in the output directory.
#
#   bench/roles-scale.sh                                  # 3 runs of 10 s, scales 0.1 1 10
#   bench/roles-scale.sh --runs 1 --duration 5s --scales 1 --only lookup,cached
#
# Options:
#   --runs N          runs per row, the median is printed (default 3)
#   --duration D      measured time per run (default 10s)
#   --warmup D        warm-up per run (default 3s)
#   --concurrency N   connections (default 8; split evenly over the servers in two-process rows)
#   --scales LIST     data-set scales, space or comma separated (default "0.1 1 10")
#   --two-at S        the scale the two-process rows run at (default 1; "none" to skip)
#   --only LIST       out of lookup,lookup-paced,cached,cached-token,batch,batch-cached,validate
#                     (default all)
#   --paced-rate R    requests per second in all for lookup-paced (default 200)
#   --out DIR         raw outputs (default /tmp/tokenless-roles-scale/<UTC time>)
#   --quiet-max PCT   before each run, wait until the machine is at most PCT% busy (default 25)
#   --quiet-wait S    ... for at most S seconds (default 30), then measure anyway
# Environment: KEEP_DATA=1 keeps the data directory (databases, keys) for a look afterwards.
#
# The caller authenticates with its client certificate over keep-alive TLS: on this server that
# is the cheapest mechanism a service has (the cached-token rows show what an X-Auth-Token
# costs). The uncached rows bump the role-model revision before each run, so every server's
# cache starts empty, and each server walks 100,000 different (user, project) questions, so no
# question repeats in a run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
RUNS=3
DURATION=10s
WARMUP=3s
CONCURRENCY=8
SCALES="0.1 1 10"
TWO_AT=1
ALL=lookup,lookup-paced,cached,cached-token,batch,batch-cached,validate
PACED_RATE=200
ONLY=$ALL
OUT=""
QUIET_WAIT=${QUIET_WAIT:-30}

die() { echo "roles-scale.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --concurrency|-c) CONCURRENCY=$2; shift 2 ;;
        --scales) SCALES=${2//,/ }; shift 2 ;;
        --two-at) TWO_AT=$2; shift 2 ;;
        --paced-rate) PACED_RATE=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --quiet-max) QUIET_MAX=$2; shift 2 ;;
        --quiet-wait) QUIET_WAIT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
. "$ROOT/bench/quiet.sh"
for w in ${ONLY//,/ }; do
    case ",$ALL," in *",$w,"*) ;; *) die "--only: unknown workload $w (known: $ALL)" ;; esac
done
want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
for tool in curl jq python3 psql; do command -v "$tool" >/dev/null || die "$tool is needed"; done
[ "$CONCURRENCY" -ge 2 ] || die "--concurrency: at least 2 (the two-process rows split it)"

OUT=${OUT:-/tmp/tokenless-roles-scale/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT/bin" "$OUT/runs"
SECRETS=$(mktemp -d)
chmod 700 "$SECRETS"
RESULTS=$OUT/results.tsv
printf 'scale\tprocs\tworkload\trun\trate\tp50\tp99\terrors\tsrv_us\tpg_us\tclient_us\tload\n' > "$RESULTS"

# --- clean-up: only what this script started, by pid ----------------------------------------
PIDS=()
DATA=""
stop_pid() {
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local i
    # Servers first, the dev server (and its PostgreSQL) last.
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
    case "$DATA" in /tmp/tokenless-roles-scale-data.*) [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$DATA" ;; esac
    rm -rf "$SECRETS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_ready() {  # wait_ready LOG PID WHAT
    for _ in $(seq 1 600); do
        grep -q '^tokenless ready:' "$1" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || { tail -n 20 "$1" >&2; die "$3 exited before it was ready"; }
        sleep 0.5
    done
    die "$3 not ready after 300 s (see $1)"
}

rss_mib() { awk -v k="$2:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }  # rss_mib PID VmRSS|VmHWM

# --- build once, then run from a copy ----------------------------------------------------------
echo "== building the load generator and the server (when sources changed)" >&2
"$ROOT/client-demo.sh" load --help > /dev/null
cp -r "$ROOT/tokenless-server/target/tokenless-server.jar" "$ROOT/tokenless-server/target/lib" "$OUT/bin/"
TOKENLESS=(java -jar "$OUT/bin/tokenless-server.jar")

# --- the dev server: PostgreSQL, CA, Fernet keys ------------------------------------------------
read -r DEV_PORT DEV_TLS_PORT <<< "$(free_ports 2 | tr '\n' ' ')"
DATA=$(mktemp -d /tmp/tokenless-roles-scale-data.XXXXXX)
export TOKENLESS_DEV_PASSWORD=${TOKENLESS_DEV_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_hex(12))')}
echo "== starting tokenless dev (PostgreSQL, CA, keys) with data in $DATA" >&2
"${TOKENLESS[@]}" dev --data-dir "$DATA" --port "$DEV_PORT" --tls-port "$DEV_TLS_PORT" > "$OUT/dev.log" 2>&1 &
PIDS+=($!)
wait_ready "$OUT/dev.log" "${PIDS[0]}" "tokenless dev"
PG_PID=$(head -n 1 "$DATA/postgres/postmaster.pid")
PG_PORT=$(sed -n 4p "$DATA/postgres/postmaster.pid")
sql() { psql -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
"${TOKENLESS[@]}" ca issue --dir "$DATA/pki" --user ds-lookup-service >> "$OUT/dev.log"
CERT=(--cert "$DATA/pki/clients/ds-lookup-service.pem" --key "$DATA/pki/clients/ds-lookup-service-key.pem"
      --cacert "$DATA/pki/ca.pem")
export RS_CALLER_PASSWORD
RS_CALLER_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(12))')

serve_config() {  # serve_config NAME DATABASE PORT TLS_PORT: writes $OUT/NAME.yaml
    cat > "$OUT/$1.yaml" <<YAML
server:
  port: $3
  publicUrl: http://localhost:$3
tls:
  port: $4
  certificate: $DATA/pki/server.pem
  privateKey: $DATA/pki/server-key.pem
  clientCa: $DATA/pki/ca.pem
  crls: [$DATA/pki/crl.pem]
database:
  url: jdbc:postgresql://127.0.0.1:$PG_PORT/$2
  user: postgres
fernet:
  keyRepository: $DATA/fernet-keys
passwords:
  bcryptCost: 10
YAML
}
SERVE_PIDS=()
SERVE_TLS=()
SERVE_HTTP=()
start_serve() {  # start_serve NAME DATABASE: appends to SERVE_PIDS, SERVE_TLS, SERVE_HTTP
    local port tls
    read -r port tls <<< "$(free_ports 2 | tr '\n' ' ')"
    serve_config "$1" "$2" "$port" "$tls"
    "${TOKENLESS[@]}" serve --config "$OUT/$1.yaml" > "$OUT/$1.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_ready "$OUT/$1.log" "$pid" "tokenless serve ($1)"
    SERVE_PIDS+=("$pid"); SERVE_TLS+=("https://localhost:$tls"); SERVE_HTTP+=("http://localhost:$port")
}
stop_serves() {
    local pid
    for pid in "${SERVE_PIDS[@]}"; do stop_pid "$pid"; done
    SERVE_PIDS=(); SERVE_TLS=(); SERVE_HTTP=()
}

# A write to the role model: every server drops its cache when the notification arrives.
bump() { sql -d "$1" -c "WITH r AS (UPDATE revision SET value = value + 1 RETURNING value)
    SELECT pg_notify('tokenless_roles', value || ' benchmark') FROM r" > /dev/null; sleep 0.5; }

# with_args I ARGS...: the generator arguments for server I in the next run_load
with_args() { local i=$1; shift; eval "ARGS_$i=(\"\$@\")"; }

# run_load SCALE WORKLOAD RUN: one run against every server at once, one generator per server
# (its arguments from with_args) with CONCURRENCY / servers connections each.
run_load() {
    local scale=$1 workload=$2 run=$3
    local n=${#SERVE_PIDS[@]} per=$((CONCURRENCY / ${#SERVE_PIDS[@]})) i s0 p0 s1 p1 busy
    local name="s$scale-p$n-$workload-$run"
    settle
    busy=$(cut -d' ' -f1 /proc/loadavg)
    s0=$(tree_ticks "${SERVE_PIDS[*]}"); p0=$(tree_ticks "$PG_PID")
    local gens=()
    for ((i = 0; i < n; i++)); do
        local -n args="ARGS_$i"
        "$ROOT/client-demo.sh" load --json --duration "$DURATION" --warmup "$WARMUP" --concurrency "$per" \
            "${args[@]}" > "$OUT/runs/$name-$i.txt" 2> "$OUT/runs/$name-$i.err" &
        gens+=($!)
        unset -n args
    done
    for pid in "${gens[@]}"; do wait "$pid" || true; done
    s1=$(tree_ticks "${SERVE_PIDS[*]}"); p1=$(tree_ticks "$PG_PID")
    python3 - "$scale" "$n" "$workload" "$run" "$((s1 - s0))" "$((p1 - p0))" "$HZ" "$busy" "$RESULTS" \
        "$OUT/runs/$name" <<'EOF'
import json, sys, glob
scale, n, workload, run, srv, pg, hz, busy, results, prefix = sys.argv[1:]
reports = []
for f in sorted(glob.glob(prefix + "-*.txt")):
    lines = [l for l in open(f) if l.startswith("{")]
    if lines:
        reports.append(json.loads(lines[-1]))
if len(reports) != int(n):
    print(f"   {prefix}: a generator failed (see its .err)", file=sys.stderr)
    sys.exit(0)
if run == "0":
    print(f"   scale {scale}, {n} process(es), {workload}: warm-up pass done", file=sys.stderr)
    sys.exit(0)
done = sum(r["requests"] + r["warmup_requests"] for r in reports)
rate = sum(r["per_second"] for r in reports)
errors = sum(r["non_success"] + sum(r["io_errors"].values()) for r in reports)
p50 = max(r["latency_ms"]["p50"] for r in reports)
p99 = max(r["latency_ms"]["p99"] for r in reports)
client = sum(r.get("client_cpu_us_per_request", 0) * r["requests"] for r in reports) / max(1, sum(r["requests"] for r in reports))
srv_us = int(srv) * 1e6 / int(hz) / max(1, done)
pg_us = int(pg) * 1e6 / int(hz) / max(1, done)
row = [scale, n, workload, run, f"{rate:.1f}", f"{p50:.3f}", f"{p99:.3f}", str(errors), f"{srv_us:.0f}",
       f"{pg_us:.0f}", f"{client:.0f}", busy]
open(results, "a").write("\t".join(row) + "\n")
print(f"   scale {scale}, {n} process(es), {workload} run {run}: {rate:.1f}/s p50 {p50} ms p99 {p99} ms "
      f"errors {errors}; server {srv_us:.0f} us/req, PostgreSQL {pg_us:.0f} us/req (load average {busy})",
      file=sys.stderr)
EOF
}

# measure SCALE DATABASE: every workload against the servers now running
measure() {
    local scale=$1 db=$2 n=${#SERVE_PIDS[@]} i run
    local dir=$OUT/scale-$scale
    # Run 0 warms the servers' JIT, connection pools and PostgreSQL's buffers; it is not recorded.
    for ((run = 0; run <= RUNS; run++)); do
        if want lookup; then
            bump "$db"
            for ((i = 0; i < n; i++)); do
                with_args "$i" --mechanism cert "${CERT[@]}" --url "${SERVE_TLS[$i]}/" --url-file "$dir/urls-$i.txt"
            done
            run_load "$scale" lookup "$run"
        fi
        if want lookup-paced; then
            bump "$db"
            for ((i = 0; i < n; i++)); do
                with_args "$i" --mechanism cert "${CERT[@]}" --url "${SERVE_TLS[$i]}/" --url-file "$dir/urls-$i.txt" \
                    --rate "$(awk -v r="$PACED_RATE" -v n="$n" 'BEGIN { print r / n }')"
            done
            run_load "$scale" lookup-paced "$run"
        fi
        if want cached; then
            for ((i = 0; i < n; i++)); do
                with_args "$i" --mechanism cert "${CERT[@]}" --url "${SERVE_TLS[$i]}/" --url-file "$dir/urls-cached.txt"
            done
            run_load "$scale" cached "$run"
        fi
        if want cached-token; then
            for ((i = 0; i < n; i++)); do
                with_args "$i" --mechanism token --token-file "$SECRETS/token-$scale" --url "${SERVE_HTTP[$i]}/" \
                    --url-file "$dir/urls-cached.txt"
            done
            run_load "$scale" cached-token "$run"
        fi
        if want batch; then
            bump "$db"
            for ((i = 0; i < n; i++)); do
                with_args "$i" --mechanism cert "${CERT[@]}" --method POST --url "${SERVE_TLS[$i]}/v1/lookup" \
                    --body-lines "$dir/batches-$i.txt"
            done
            run_load "$scale" batch "$run"
        fi
        if want batch-cached; then
            for ((i = 0; i < n; i++)); do
                with_args "$i" --mechanism cert "${CERT[@]}" --method POST --url "${SERVE_TLS[$i]}/v1/lookup" \
                    --body-lines "$dir/batches-cached.txt"
            done
            run_load "$scale" batch-cached "$run"
        fi
        if want validate; then
            for ((i = 0; i < n; i++)); do
                with_args "$i" --mechanism token --token-file "$SECRETS/token-$scale" \
                    --header-file "$SECRETS/subject-$scale" --url "${SERVE_HTTP[$i]}/v3/auth/tokens"
            done
            run_load "$scale" validate "$run"
        fi
    done
}

RSS=()
for scale in $SCALES; do
    db="roles_scale_${scale//./_}"
    dir=$OUT/scale-$scale
    mkdir -p "$dir"
    echo "== scale $scale: database $db" >&2
    sql -d postgres -c "CREATE DATABASE $db" > /dev/null
    serve_config migrate "$db" $(free_ports 2 | tr '\n' ' ')
    "${TOKENLESS[@]}" db migrate --config "$OUT/migrate.yaml" >> "$dir/load.log" 2>&1
    "$ROOT/client-demo.sh" dataset --jdbc-url "jdbc:postgresql://127.0.0.1:$PG_PORT/$db" --db-user postgres \
        --scale "$scale" --seed 42 --bind-cert "$DATA/pki/clients/ds-lookup-service.pem" \
        --caller-password-env RS_CALLER_PASSWORD --lookup-urls "$dir/urls.txt" --lookups 200000 \
        --batch-file "$dir/batches.txt" --batches 2000 --batch-size 100 | tee -a "$dir/load.log" >&2
    # Two servers never ask the same question; the cached rows repeat a few.
    head -n 100000 "$dir/urls.txt" > "$dir/urls-0.txt"; tail -n 100000 "$dir/urls.txt" > "$dir/urls-1.txt"
    head -n 1000 "$dir/batches.txt" > "$dir/batches-0.txt"; tail -n 1000 "$dir/batches.txt" > "$dir/batches-1.txt"
    head -n 20 "$dir/urls.txt" > "$dir/urls-cached.txt"; head -n 1 "$dir/batches.txt" > "$dir/batches-cached.txt"
    sql -d "$db" -c "SELECT pg_size_pretty(pg_database_size('$db')) AS size" | sed "s/^/   database size: /" >&2

    start_serve "serve-a-$scale" "$db"
    sleep 5
    rss_idle=$(rss_mib "${SERVE_PIDS[0]}" VmRSS)
    domain=$(sql -d "$db" -c "SELECT domain_id FROM projects WHERE name = 'ds-services'")
    PW=$RS_CALLER_PASSWORD jq -cn --arg d "$domain" '{auth: {identity: {methods: ["password"],
        password: {user: {name: "ds-lookup-service", domain: {id: $d}, password: env.PW}}},
        scope: {project: {name: "ds-services", domain: {id: $d}}}}}' > "$SECRETS/body-$scale.json"
    curl -sf -D "$SECRETS/headers-$scale" -o /dev/null -H 'Content-Type: application/json' \
        --data-binary "@$SECRETS/body-$scale.json" "${SERVE_HTTP[0]}/v3/auth/tokens" || die "no token issued at scale $scale"
    awk 'tolower($1) == "x-subject-token:" { print $2 }' "$SECRETS/headers-$scale" | tr -d '\r' > "$SECRETS/token-$scale"
    printf 'X-Subject-Token: %s\n' "$(cat "$SECRETS/token-$scale")" > "$SECRETS/subject-$scale"

    measure "$scale" "$db"
    RSS+=("| $scale | $rss_idle | $(rss_mib "${SERVE_PIDS[0]}" VmRSS) | $(rss_mib "${SERVE_PIDS[0]}" VmHWM) |")
    if [ "$scale" = "$TWO_AT" ]; then
        start_serve "serve-b-$scale" "$db"
        measure "$scale" "$db"
    fi
    stop_serves
done

# --- tables ------------------------------------------------------------------------------------
{
echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPUs ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(java -version 2>&1 | head -n 1)."
echo "$RUNS run(s) per row of $DURATION after $WARMUP warm-up, $CONCURRENCY connections in all (split over the servers);"
echo "medians; lookups/s counts 100 per batch. srv and pg: CPU of the serve process(es) and of PostgreSQL per"
echo "request, warm-up included. load: the 1-minute load average before each run (min–max)."
echo
python3 - "$RESULTS" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
groups = {}
for r in rows:
    groups.setdefault((r["scale"], r["procs"], r["workload"]), []).append(r)
names = {"lookup": "GET /v1/lookup, uncached", "lookup-paced": "GET /v1/lookup, uncached, fixed rate",
         "cached": "GET /v1/lookup, cached (20 questions)",
         "cached-token": "GET /v1/lookup, cached, X-Auth-Token on plain HTTP",
         "batch": "POST /v1/lookup, 100 per batch, uncached", "batch-cached": "POST /v1/lookup, 100 per batch, cached",
         "validate": "GET /v3/auth/tokens"}
print("| scale | servers | workload | req/s | lookups/s | p50 ms | p99 ms | srv µs/req | pg µs/req | client µs/req | errors | load |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
med = lambda g, k: statistics.median(float(r[k]) for r in g)
for (scale, procs, workload), g in groups.items():
    rate = med(g, "rate")
    lookups = {"validate": "—"}.get(workload, f"{rate * (100 if workload.startswith('batch') else 1):.0f}")
    loads = sorted(float(r["load"]) for r in g)
    print(f"| {scale} | {procs} | {names[workload]} | {rate:.0f} | {lookups} | {med(g, 'p50'):.2f} "
          f"| {med(g, 'p99'):.2f} | {med(g, 'srv_us'):.0f} | {med(g, 'pg_us'):.0f} | {med(g, 'client_us'):.0f} "
          f"| {sum(int(r['errors']) for r in g)} | {loads[0]:.1f}–{loads[-1]:.1f} |")
EOF
echo
echo "RSS of one serve process (MiB): idle after start; after the runs at that scale; peak (VmHWM)."
echo
echo "| scale | idle | after load | peak |"
echo "|---|---|---|---|"
printf '%s\n' "${RSS[@]}"
} | tee "$OUT/summary.md"
echo "raw results: $RESULTS" >&2
