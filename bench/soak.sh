#!/usr/bin/env bash
# A bounded soak: one Tokenless server under a fixed total request rate that mixes SPNEGO,
# client certificates (mTLS), Fernet token validation and role lookups, for a set time. It prints
# the server's figures at the start and at the end, and fails on any failed request or on a
# figure that grew past its bound (the bounds and their reasons are below, where they are set).
#
#   bench/soak.sh                                 # 10 minutes at 200 requests/s on ./tokenless dev
#   bench/soak.sh --duration 60s --warmup 15s     # the short form the interop stage runs
#   bench/soak.sh --attach --duration 60s         # a running dev server (PORT, TLS_PORT, DATA, SERVER_PID)
#
# Options:
#   --duration D   measured time, e.g. 90s, 10m (default 10m)
#   --warmup D     load before the start figures are taken (default 30s)
#   --rate N       total requests per second, split evenly over the four workloads (default 200)
#   --sample D     between start and end, figures are also sampled every D into samples.tsv (default 60s)
#   --out DIR      report and raw outputs (default /tmp/tokenless-soak/<UTC time>)
#   --attach       use the running `tokenless dev` whose ports, data directory and process id are in
#                  PORT, TLS_PORT, DATA and SERVER_PID, instead of starting one
# Environment: TOKENLESS_DEV_PASSWORD (else DATA/credentials.txt) for the demo users; without
# --attach, TOKENLESS_JAVA_OPTS (default: a fixed, pre-touched 384 MiB heap, so resident memory
# measures what is not heap).
#
# Workloads, one `client-demo load` each at a quarter of the rate, all on keep-alive connections:
#   spnego    GET /v1/auth/whoami as alice, a fresh Kerberos AP-REQ on every request
#   cert      GET /v1/auth/whoami over mutual TLS with alice's certificate
#   token     GET /v3/auth/tokens: admin's X-Auth-Token validates alice's token
#   lookup    GET /v1/lookup?principal=alice@EXAMPLE.COM&project_name=demo as compute (mTLS)
# and every 10 s a token of alice's is issued and revoked (DELETE /v3/auth/tokens), so the
# revocation index has something to hold.
#
# Figures of the server (start: after the warm-up; end: the measured time later, 10 s before the
# load stops; both under load). Every request of the run counts towards the errors.
#   heap_mib      heap in use after a full GC (jcmd GC.run, then GC.heap_info)
#   rss_mib       resident memory of the server's JVM (/proc/PID/status VmRSS)
#   threads       its threads (/proc/PID/status)
#   fds           its open file descriptors (/proc/PID/fd)
#   db_conns      client connections to the dev PostgreSQL (pg_stat_activity, with psql)
#   pool_total    connections the server's pool holds (GET /v1/status)
#   revocations   revocation events the server holds in memory (GET /v1/status)
#   cache_entries cached role-model answers (GET /v1/status)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=10m
WARMUP=30s
RATE=200
SAMPLE=60s
OUT=""
ATTACH=0

die() { echo "soak.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --sample) SAMPLE=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --attach) ATTACH=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
seconds() {  # 90s, 10m, 1h or a plain number of seconds
    case "$1" in
        *ms) die "durations are whole seconds: $1" ;;
        *s) echo "${1%s}" ;;
        *m) echo $(( ${1%m} * 60 )) ;;
        *h) echo $(( ${1%h} * 3600 )) ;;
        *) echo "$1" ;;
    esac
}
DURATION_S=$(seconds "$DURATION")
WARMUP_S=$(seconds "$WARMUP")
SAMPLE_S=$(seconds "$SAMPLE")
[ "$DURATION_S" -ge 20 ] || die "--duration must be at least 20s"
[ "$RATE" -ge 4 ] || die "--rate must be at least 4"
for tool in curl python3 jcmd; do command -v "$tool" >/dev/null || die "$tool is needed"; done

OUT=${OUT:-/tmp/tokenless-soak/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
SECRETS=$(mktemp -d)
chmod 700 "$SECRETS"

# --- clean-up: only what this script started, by pid -------------------------------------------
STARTED_PID=""
LOAD_PIDS=()
cleanup() {
    for pid in "${LOAD_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    if [ -n "$STARTED_PID" ] && kill -0 "$STARTED_PID" 2>/dev/null; then
        kill -TERM "$STARTED_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$STARTED_PID" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$STARTED_PID" 2>/dev/null && kill -KILL "$STARTED_PID" 2>/dev/null || true
        case "$DATA" in /tmp/tokenless-soak-data.*) rm -rf "$DATA" ;; esac
    fi
    rm -rf "$SECRETS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the server ----------------------------------------------------------------------------------
echo "== building the load generator and the server (first run only)" >&2
"$ROOT/client-demo.sh" load --help > /dev/null
if [ "$ATTACH" = 1 ]; then
    for var in PORT TLS_PORT DATA SERVER_PID; do [ -n "${!var:-}" ] || die "--attach needs $var"; done
else
    read -r PORT TLS_PORT <<< "$(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')"
    DATA=$(mktemp -d /tmp/tokenless-soak-data.XXXXXX)
    export TOKENLESS_JAVA_OPTS=${TOKENLESS_JAVA_OPTS:--Xms384m -Xmx384m -XX:+AlwaysPreTouch}
    echo "== starting ./tokenless dev on ports $PORT/$TLS_PORT (TOKENLESS_JAVA_OPTS=$TOKENLESS_JAVA_OPTS)" >&2
    "$ROOT/tokenless" dev --data-dir "$DATA" --port "$PORT" --tls-port "$TLS_PORT" > "$OUT/server.log" 2>&1 &
    STARTED_PID=$!
    SERVER_PID=$STARTED_PID
    for _ in $(seq 1 600); do
        grep -q '^tokenless ready:' "$OUT/server.log" 2>/dev/null && break
        kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 20 "$OUT/server.log" >&2; die "./tokenless dev exited"; }
        sleep 0.5
    done
    grep -q '^tokenless ready:' "$OUT/server.log" || die "./tokenless dev not ready after 300 s"
fi
HTTP="http://localhost:$PORT"
HTTPS="https://localhost:$TLS_PORT"
password() {  # password USER
    if [ -n "${TOKENLESS_DEV_PASSWORD:-}" ]; then echo "$TOKENLESS_DEV_PASSWORD"
    else awk -v u="$1" '$1==u {print $2}' "$DATA/credentials.txt"; fi
}
ADMIN_PW=$(password admin)
ALICE_PW=$(password alice)
export ADMIN_PW ALICE_PW

# issue USER PASSWORD_VAR: a token scoped to demo, on stdout; the password travels in the environment
issue() {
    local body headers
    body=$(PW_VAR=$2 U=$1 python3 -c '
import json, os
print(json.dumps({"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": os.environ["U"],
  "domain": {"id": "default"}, "password": os.environ[os.environ["PW_VAR"]]}}},
  "scope": {"project": {"name": "demo", "domain": {"id": "default"}}}}}))')
    headers=$(printf '%s' "$body" | curl -s -m 60 -D - -o /dev/null -H 'Content-Type: application/json' \
        --data-binary @- "$HTTP/v3/auth/tokens")
    printf '%s\n' "$headers" | awk 'tolower($1)=="x-subject-token:" {print $2}' | tr -d '\r'
}
ADMIN_TOKEN=$(issue admin ADMIN_PW)
[ -n "$ADMIN_TOKEN" ] || die "admin could not get a token"
printf '%s' "$ADMIN_TOKEN" > "$SECRETS/admin.token"
printf 'X-Subject-Token: %s\n' "$(issue alice ALICE_PW)" > "$SECRETS/alice.subject"
PG_PORT=$(sed -n 4p "$DATA/postgres/postmaster.pid" 2>/dev/null || true)

# --- figures -------------------------------------------------------------------------------------
status_json() { curl -s -m 60 -H "X-Auth-Token: $(cat "$SECRETS/admin.token")" "$HTTP/v1/status"; }
# figures: one tab-separated line: heap_mib rss_mib threads fds db_conns pool_total revocations cache_entries
figures() {
    local heap rss threads fds db status
    jcmd "$SERVER_PID" GC.run > /dev/null
    heap=$(jcmd "$SERVER_PID" GC.heap_info | awk '/ used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K.*/, "", v); printf "%.1f", v / 1024; exit } }')
    rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status")
    threads=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status")
    fds=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    if [ -n "$PG_PORT" ] && command -v psql >/dev/null; then
        db=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null || echo "n/a")
    else
        db="n/a"
    fi
    status=$(status_json)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$heap" "$rss" "$threads" "$fds" "$db" "$(printf '%s' "$status" | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(s["database_pool"]["total"], s["revocation_events"], s["role_cache_entries"], sep="\t")')"
}
POOL_MAX=$(status_json | python3 -c 'import json,sys; print(json.load(sys.stdin)["database_pool"]["maximum"])')
# Resident memory says something about leaks only when the heap cannot grow into it: a fixed heap
# (initial = maximum) touched at start. Otherwise it follows the collector's sizing and is reported only.
HEAP_FIXED=$(jcmd "$SERVER_PID" VM.flags -all 2>/dev/null | python3 -c '
import re, sys
flags = dict(re.findall(r"\s(\w+)\s+= (\S+)", sys.stdin.read()))
print(int(flags.get("AlwaysPreTouch") == "true" and flags.get("InitialHeapSize") == flags.get("MaxHeapSize")))')

# --- the load ------------------------------------------------------------------------------------
PER=$(( RATE / 4 ))
echo "== soak: $DURATION after $WARMUP warm-up, $RATE requests/s ($PER/s per workload); outputs in $OUT" >&2
# Every request counts (no generator warm-up): a generator runs from its start (a JVM and a
# Kerberos login, GRACE seconds allowed) through the warm-up and the measured time, and 10 s past
# the end figures, so both sets of figures are taken under load.
GRACE=20
LOAD_START=$(date +%s)
load() {  # load NAME ARGS...
    local name=$1; shift
    "$ROOT/client-demo.sh" load --json --preflight --rate "$PER" --concurrency 4 --warmup 0s \
        --duration "$(( GRACE + WARMUP_S + DURATION_S + 10 ))s" --timeout 30s "$@" \
        > "$OUT/$name.txt" 2> "$OUT/$name.err" &
    LOAD_PIDS+=($!)
}
load spnego --mechanism spnego --data-dir "$DATA" --user alice --url "$HTTP/v1/auth/whoami"
load cert --mechanism cert --data-dir "$DATA" --user alice --url "$HTTPS/v1/auth/whoami"
load token --mechanism token --token-file "$SECRETS/admin.token" --header-file "$SECRETS/alice.subject" \
    --url "$HTTP/v3/auth/tokens"
load lookup --mechanism cert --data-dir "$DATA" --user compute \
    --url "$HTTPS/v1/lookup?principal=alice@EXAMPLE.COM&project_name=demo&project_domain=default"

# Revocations at a fixed pace, from the start of the warm-up to the end figures.
REVOKED=0
REVOKE_FAILED=0
revoke_one() {
    local token code
    token=$(issue alice ALICE_PW)
    code=$(curl -s -m 60 -o /dev/null -w '%{http_code}' -X DELETE -H "X-Auth-Token: $(cat "$SECRETS/admin.token")" \
        -H "X-Subject-Token: $token" "$HTTP/v3/auth/tokens" || true)
    if [ "$code" = 204 ]; then REVOKED=$((REVOKED + 1)); else REVOKE_FAILED=$((REVOKE_FAILED + 1)); fi
}
# sleep_until T: revoking every 10 s meanwhile
sleep_until() {
    while [ "$(date +%s)" -lt "$1" ]; do
        if [ $(( ($(date +%s) - LOAD_START) % 10 )) -eq 0 ] && [ "${LAST_REVOKE:-0}" != "$(date +%s)" ]; then
            LAST_REVOKE=$(date +%s)
            revoke_one
        fi
        sleep 0.5
    done
}

sleep_until $(( LOAD_START + GRACE + WARMUP_S ))
START_TIME=$(date -u +%FT%TZ)
REVOKED_AT_START=$REVOKED
START=$(figures)
printf 'time\theap_mib\trss_mib\tthreads\tfds\tdb_conns\tpool_total\trevocations\tcache_entries\n' > "$OUT/samples.tsv"
printf '%s\t%s\n' "$START_TIME" "$START" >> "$OUT/samples.tsv"
echo "   start $START_TIME: $START" >&2

END_AT=$(( LOAD_START + GRACE + WARMUP_S + DURATION_S ))
next=$(( $(date +%s) + SAMPLE_S ))
while [ "$next" -lt $(( END_AT - 5 )) ]; do
    sleep_until "$next"
    sample=$(figures)
    printf '%s\t%s\n' "$(date -u +%FT%TZ)" "$sample" >> "$OUT/samples.tsv"
    echo "   $(date -u +%T): $sample" >&2
    next=$(( next + SAMPLE_S ))
done
sleep_until "$END_AT"
END_TIME=$(date -u +%FT%TZ)
REVOKED_AT_END=$REVOKED
END=$(figures)
printf '%s\t%s\n' "$END_TIME" "$END" >> "$OUT/samples.tsv"
echo "   end $END_TIME: $END" >&2

LOAD_FAILED=0
for pid in "${LOAD_PIDS[@]}"; do wait "$pid" || LOAD_FAILED=1; done
LOAD_PIDS=()

# --- verdict -------------------------------------------------------------------------------------
export HEAP_FIXED START END POOL_MAX REVOKED_AT_START REVOKED_AT_END REVOKE_FAILED LOAD_FAILED OUT START_TIME END_TIME \
    DURATION WARMUP RATE ATTACH
python3 - <<'PYTHON' | tee "$OUT/report.md"
import json, os, sys

names = ["heap_mib", "rss_mib", "threads", "fds", "db_conns", "pool_total", "revocations", "cache_entries"]
def parse(line):
    values = {}
    for name, text in zip(names, line.split("\t")):
        try:
            values[name] = float(text)
        except ValueError:
            values[name] = None
    return values
start, end = parse(os.environ["START"]), parse(os.environ["END"])
pool_max = int(os.environ["POOL_MAX"])
revoked = int(os.environ["REVOKED_AT_END"]) - int(os.environ["REVOKED_AT_START"])

# The bounds. Growth that stops is allowed for; growth that goes on is not:
# - heap after a full GC: the JDK's Kerberos replay cache keeps every accepted authenticator for
#   the 5-minute clock skew, so it fills during the first 5 minutes; the role cache fills to its
#   size limit. 64 MiB covers both at this rate many times over; a leak of one object per request
#   does not stay under it for long.
# - resident memory, when the heap is fixed and pre-touched (as when this script starts the
#   server): the JIT's code cache and metaspace still grow in the first minutes: 128 MiB or a
#   quarter. With a heap that may grow, resident memory follows its sizing and is only reported.
# - threads and file descriptors: the worker pools are fixed and the generators keep their
#   connections, so what moves is a handful of transient connections and helper threads.
# - PostgreSQL: never more than the pool's maximum plus the role cache's LISTEN connection.
# - revocation events: exactly one per token this script revoked between the two figures.
bounds = {
    "heap_mib": (lambda s, e: e <= s + 64, "at most +64 MiB"),
    "rss_mib": (lambda s, e: e <= s + max(128, s / 4), "at most +max(128 MiB, 25 %)")
        if os.environ["HEAP_FIXED"] == "1" else (lambda s, e: True, "reported only (the heap is not fixed)"),
    "threads": (lambda s, e: e <= s + 16, "at most +16"),
    "fds": (lambda s, e: e <= s + 64, "at most +64"),
    "db_conns": (lambda s, e: e <= pool_max + 1, f"at most {pool_max + 1} (pool maximum + LISTEN)"),
    "pool_total": (lambda s, e: e <= pool_max, f"at most {pool_max} (pool maximum)"),
    "revocations": (lambda s, e: e == s + revoked, f"exactly +{revoked} (tokens revoked meanwhile)"),
    "cache_entries": (lambda s, e: True, "reported only (bounded by the cache's size limit)"),
}
failures = []
print(f"## Soak: {os.environ['DURATION']} at {os.environ['RATE']} requests/s after {os.environ['WARMUP']} warm-up"
      + (" (attached to a running server)" if os.environ["ATTACH"] == "1" else ""))
print()
print(f"start {os.environ['START_TIME']}, end {os.environ['END_TIME']}")
print()
print("| figure | start | end | bound | |")
print("|---|---|---|---|---|")
for name in names:
    s, e = start[name], end[name]
    check, text = bounds[name]
    if s is None or e is None:
        verdict = "not measured"
    elif check(s, e):
        verdict = "ok"
    else:
        verdict = "EXCEEDED"
        failures.append(name)
    show = lambda v: "n/a" if v is None else (f"{v:.1f}" if name.endswith("_mib") else f"{int(v)}")
    print(f"| {name} | {show(s)} | {show(e)} | {text} | {verdict} |")
print()
print("| workload | requests | per second | p50 ms | p99 ms | max ms | errors |")
print("|---|---|---|---|---|---|---|")
for name in ["spnego", "cert", "token", "lookup"]:
    lines = [l for l in open(os.path.join(os.environ["OUT"], name + ".txt")) if l.startswith("{")]
    if not lines:
        print(f"| {name} | no report | | | | | see {name}.err |")
        failures.append(name)
        continue
    r = json.loads(lines[-1])
    errors = r["non_success"] + sum(r["io_errors"].values())
    if errors or r["requests"] == 0:
        failures.append(name)
    print(f"| {name} | {r['requests']} | {r['per_second']} | {r['latency_ms']['p50']} | {r['latency_ms']['p99']} |"
          f" {r['latency_ms']['max']} | {errors}{' ' + json.dumps(r['error_examples']) if errors else ''} |")
print()
print(f"revocations: {revoked} between the figures, {os.environ['REVOKE_FAILED']} failed")
if int(os.environ["REVOKE_FAILED"]) > 0:
    failures.append("revocation requests")
if os.environ["LOAD_FAILED"] == "1":
    failures.append("a load generator exited with an error")
print()
print("verdict: " + ("FAILED: " + ", ".join(failures) if failures else "passed"))
sys.exit(1 if failures else 0)
PYTHON
