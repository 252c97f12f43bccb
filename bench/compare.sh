#!/usr/bin/env bash
# Tokenless against its peers, in one run on this machine, with one load generator
# (./client-demo.sh load) for both sides:
#   * Tokenless: `./tokenless dev` on free ports with a fresh data directory (for the RSA rows, a
#     second one with `--key-type rsa-2048` and its own data directory, up for those rows only);
#   * Apache httpd + mod_auth_gssapi + mod_ssl on an MIT KDC (../shared/anchors/kerberos-mtls);
#   * Debian's Keystone 22 under uwsgi on PostgreSQL (../shared/anchors/keystone).
# A peer is used when it already answers on the ports its anchor's env.sh names (or, with
# --start-peers, after its setup.sh started it; as root, it installs Debian packages). Prints
# one Markdown table; raw outputs stay in the output directory.
#
#   bench/compare.sh                              # 20 s per run, 8 connections
#   bench/compare.sh --duration 5s --warmup 2s --concurrency 4 --only none,spnego,cert
#   bench/compare.sh --only cert,cert-new,cert-rsa,cert-new-rsa   # client certificates, ECDSA and RSA
#   bench/compare.sh --start-peers                # set the anchors up first, stop them after
#
# Options:
#   --duration D      measured time per run (default 20s)
#   --warmup D        warm-up per run (default 5s)
#   --concurrency N   connections (default 8); the same for both sides
#   --only LIST       workloads, comma-separated, out of:
#                     version,anon,spnego,mint,cert,cert-new,cert-wrk,cert-new-wrk,cert-rsa,
#                     cert-new-rsa,cert-rsa-wrk,cert-new-rsa-wrk,token,issue,validate,validate-10k,
#                     validate-wrk,lookup,assignments
#                     cert, cert-new: client certificates, ECDSA P-256 (Apache: KM_TLS_PORT, alice-ec);
#                     cert-rsa, cert-new-rsa: the same with RSA-2048 server and client keys
#                     (Tokenless: `./tokenless dev --key-type rsa-2048`; Apache: KM_TLS_RSA_PORT,
#                     alice-rsa); -new: a new TLS connection, full handshake, per request
#                     validate-10k: token validation at a fixed 10,000/s (--rate; latency counted
#                     from the schedule, so a stall shows in the p99); validate-wrk: token validation loaded by wrk -t1, as the Keystone anchor
#                     loads Keystone; cert-wrk, cert-new-wrk: the ECDSA rows loaded by wrk -t1
#                     through the Apache anchor's client-certificate shim (wrk, gcc, libssl-dev);
#                     cert-rsa-wrk, cert-new-rsa-wrk: the RSA-2048 rows loaded the same way
#   --start-peers     run the anchors' setup.sh for peers not answering, and their stop.sh at the end
#   --no-peers        Tokenless alone
#   --out DIR         raw outputs (default /tmp/tokenless-compare/<UTC time>)
#   --quiet-max PCT   before each run, wait until the machine is at most PCT% busy (25)
#   --quiet-wait S    ... for at most S seconds (300), then measure anyway
#   --lookup-user U   the dev user whose client certificate calls /v1/lookup (needs role
#                     service; default compute)
# Environment: ANCHORS (default <repository>/../shared/anchors), TOKENLESS_DEV_PASSWORD (a
# random one by default), KEEP_DATA=1 (keep the dev server's data directory), KM_* and KS_* as in the anchors' env.sh (KS_PORT defaults to 35357
# when this script starts Keystone, as its README suggests, since Tokenless' default is 5000).
#
# A workload whose first request is not 2xx (an endpoint Tokenless does not have yet) is
# reported as "n/a (endpoint missing: status 404)" and the run goes on. No token or password
# is printed or put on a command line: they reach the generator in the environment or in
# mode-600 files of a private directory that is removed at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
ANCHORS=${ANCHORS:-$ROOT/../shared/anchors}

DURATION=20s
WARMUP=5s
CONCURRENCY=8
ALL_WORKLOADS=version,anon,spnego,mint,cert,cert-new,cert-wrk,cert-new-wrk,cert-rsa,cert-new-rsa,cert-rsa-wrk,cert-new-rsa-wrk,token,issue,validate,validate-10k,validate-wrk,lookup,assignments
ONLY=$ALL_WORKLOADS
START_PEERS=0
NO_PEERS=0
OUT=""
LOOKUP_USER=compute

die() { echo "compare.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --concurrency|-c) CONCURRENCY=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        --start-peers) START_PEERS=1; shift ;;
        --no-peers) NO_PEERS=1; shift ;;
        --out) OUT=$2; shift 2 ;;
        --lookup-user) LOOKUP_USER=$2; shift 2 ;;
        --quiet-max) QUIET_MAX=$2; shift 2 ;;
        --quiet-wait) QUIET_WAIT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
. "$ROOT/bench/quiet.sh"
for w in ${ONLY//,/ }; do
    case ",$ALL_WORKLOADS," in *",$w,"*) ;; *) die "--only: unknown workload $w (known: $ALL_WORKLOADS)" ;; esac
done
want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
for tool in curl jq python3; do command -v "$tool" >/dev/null || die "$tool is needed"; done

OUT=${OUT:-/tmp/tokenless-compare/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
SECRETS=$(mktemp -d)
chmod 700 "$SECRETS"

# --- clean-up: only what this script started, by pid ---------------------------------------
TOKENLESS_PID=""
DATA=""
TOKENLESS_RSA_PID=""
RSA_DATA=""
STARTED_APACHE=0
STARTED_KEYSTONE=0
stop_pid() {  # stop_pid PID: SIGTERM, up to 30 s to finish, then SIGKILL
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$1" 2>/dev/null; then kill -KILL "$1" 2>/dev/null || true; fi
}
remove_data() {  # a dev server's data directory (PostgreSQL cluster, keys, keytabs), made for this run
    case "$1" in /tmp/tokenless-compare-data.*) [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$1" ;; esac
}
cleanup() {
    stop_pid "$TOKENLESS_RSA_PID"
    stop_pid "$TOKENLESS_PID"
    remove_data "$RSA_DATA"
    remove_data "$DATA"
    if [ "$STARTED_APACHE" = 1 ]; then "$ANCHORS/kerberos-mtls/stop.sh" >> "$OUT/peers.log" 2>&1 || true; fi
    if [ "$STARTED_KEYSTONE" = 1 ]; then "$ANCHORS/keystone/stop.sh" >> "$OUT/peers.log" 2>&1 || true; fi
    rm -rf "$SECRETS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" || true; }

# --- the generator ----------------------------------------------------------------------------
echo "== building the load generator and the server (first run only)" >&2
"$ROOT/client-demo.sh" load --help > /dev/null

pidfile_pid() { [ -s "$1" ] && head -n 1 "$1" || true; }
server_roots() {  # by the run's file prefix: t- Tokenless, a- Apache + KDC, k- Keystone's uwsgi + PostgreSQL
    case "$1" in
        t-*-rsa | t-*-rsa-wrk) echo "$TOKENLESS_RSA_PID" ;;
        t-*) echo "$TOKENLESS_PID" ;;
        a-*) echo "$(pidfile_pid "$KM_HOME_/apache/run/httpd.pid") $(pidfile_pid "$KM_HOME_/krb5/krb5kdc.pid")" ;;
        k-*) echo "$(pidfile_pid "$KS_HOME_/uwsgi.pid") $(pidfile_pid "$KS_PG_DIR_/data/postmaster.pid")" ;;
    esac
}

# measure FILE ARGS...: one run; writes $OUT/FILE.{txt,err} and sets R_RATE R_P50 R_P99 R_ERR
# R_SRV (server CPU us per request, warm-up and preflight requests included) and R_NOTE
measure() {
    local file=$1; shift
    local code=0 busy0 roots s0 s1
    settle
    busy0=$(cut -d' ' -f1 /proc/loadavg)
    roots=$(server_roots "$file")
    s0=$(tree_ticks "$roots")
    "$ROOT/client-demo.sh" load --preflight --json --duration "$DURATION" --warmup "$WARMUP" \
        --concurrency "$CONCURRENCY" "$@" > "$OUT/$file.txt" 2> "$OUT/$file.err" || code=$?
    s1=$(tree_ticks "$roots")
    R_RATE=""; R_P50=""; R_P99=""; R_ERR=""; R_NOTE=""; R_SRV=""
    local last
    last=$(grep '^{' "$OUT/$file.txt" | tail -n 1 || true)
    if [ "$code" = 3 ]; then
        local status
        status=$(printf '%s' "$last" | jq -r '.preflight_status // empty' 2>/dev/null || true)
        if [ -n "$status" ]; then
            R_NOTE="n/a (endpoint missing: status $status)"
        else
            R_NOTE="n/a (no answer: $(sed -n 's/^client-demo load: preflight: //p' "$OUT/$file.err" | head -n 1 | cut -c1-80))"
        fi
        return 0
    fi
    if [ "$code" != 0 ] || [ -z "$last" ]; then
        R_NOTE="n/a (set-up failed: $(grep -v '^[0-9:. ]*\(INFO\|DEBUG\)' "$OUT/$file.err" | head -n 1 | cut -c1-100))"
        return 0
    fi
    R_RATE=$(echo "$last" | jq -r '.per_second')
    R_P50=$(echo "$last" | jq -r '.latency_ms.p50')
    R_P99=$(echo "$last" | jq -r '.latency_ms.p99')
    R_ERR=$(echo "$last" | jq -r '.non_success + ([.io_errors[]] | add // 0)')
    if [ "$R_ERR" != 0 ]; then R_RATE="$R_RATE ($R_ERR errors)"; fi
    if [ "$(echo "$last" | jq -r .mode)" = http ]; then
        R_SRV=$(echo "$last" | jq -r --argjson t "$((s1 - s0))" --argjson hz "$HZ" \
            '(.requests + .warmup_requests + 1) as $n | if $n > 0 then ($t * 1e6 / $hz / $n | floor) else "—" end')
    fi
    echo "   $file: $R_RATE/s p50 ${R_P50} ms p99 ${R_P99} ms errors $R_ERR server ${R_SRV:-—} us/req (load average at start $busy0)" >&2
}

# shellcheck source=bench/wrk.sh
. "$ROOT/bench/wrk.sh"

# row WORKLOAD PEER: runs nothing; appends the table row from T_* and P_* (set by the caller)
ROWS=()
cell_rate() { [ -n "$1" ] && echo "$1" || echo "$2"; }
row() {
    local workload=$1 peer=$2 ratio="—"
    if [ -n "$T_RATE" ] && [ -n "$P_RATE" ]; then
        ratio=$(awk -v a="$T_RATE" -v b="$P_RATE" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }')
    fi
    local t p
    t=$(cell_rate "$T_RATE" "$T_NOTE")
    p=$(cell_rate "$P_RATE" "${P_NOTE:-—}")
    ROWS+=("| $workload | $t | ${T_P50:-—} | ${T_P99:-—} | ${T_SRV:-—} | $peer | $p | ${P_P99:-—} | ${P_SRV:-—} | $ratio |")
}
keep_t() { T_RATE=$R_RATE; T_P50=$R_P50; T_P99=$R_P99; T_NOTE=$R_NOTE; T_SRV=$R_SRV; }
keep_p() { P_RATE=$R_RATE; P_P99=$R_P99; P_NOTE=$R_NOTE; P_SRV=$R_SRV; }
no_peer() { P_RATE=""; P_P99=""; P_NOTE=$1; P_SRV=""; }
no_tokenless() { T_RATE=""; T_P50=""; T_P99=""; T_SRV=""; T_NOTE=$1; }

# --- Tokenless ---------------------------------------------------------------------------------
# start_dev PIDVAR LOG DATA PORT TLS_PORT [OPTION...]: ./tokenless dev in the background, its pid
# in PIDVAR (at once, so the clean-up finds it); returns 1, saying why, unless it gets ready.
start_dev() {
    local pidvar=$1 log=$2 data=$3 port=$4 tls_port=$5
    shift 5
    echo "== starting ./tokenless dev${*:+ $*} on ports $port (http) and $tls_port (https), data in $data" >&2
    "$ROOT/tokenless" dev --data-dir "$data" --port "$port" --tls-port "$tls_port" "$@" > "$log" 2>&1 &
    printf -v "$pidvar" '%s' "$!"
    for _ in $(seq 1 600); do
        if grep -q '^tokenless ready:' "$log" 2>/dev/null; then
            echo "   $(grep '^tokenless ready:' "$log")" >&2
            return 0
        fi
        if ! kill -0 "${!pidvar}" 2>/dev/null; then
            tail -n 20 "$log" >&2
            echo "compare.sh: ./tokenless dev exited before it was ready (see $log)" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "compare.sh: ./tokenless dev not ready after 300 s (see $log)" >&2
    return 1
}
read -r PORT TLS_PORT <<< "$(free_ports 2 | tr '\n' ' ')"
DATA=$(mktemp -d /tmp/tokenless-compare-data.XXXXXX)
export TOKENLESS_DEV_PASSWORD=${TOKENLESS_DEV_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_hex(12))')}
start_dev TOKENLESS_PID "$OUT/tokenless.log" "$DATA" "$PORT" "$TLS_PORT" || die "./tokenless dev did not start"
T_HTTP="http://localhost:$PORT"
T_HTTPS="https://localhost:$TLS_PORT"

# Keystone password body, in a mode-600 file: body_file NAME USER PASSWORD PROJECT DOMAIN
body_file() {
    # The password goes through the environment: a command line is visible to every user.
    PW=$3 jq -cn --arg u "$2" --arg proj "$4" --arg d "$5" \
        '{auth:{identity:{methods:["password"],password:{user:{name:$u,domain:{id:$d},password:env.PW}}},
               scope:{project:{name:$proj,domain:{id:$d}}}}}' > "$SECRETS/$1.json"
    echo "$SECRETS/$1.json"
}
# issue_token BODYFILE URL PREFIX: the token into $SECRETS/PREFIX.token, the body into PREFIX.json
issue_token() {
    local status
    status=$(curl -s -m 30 -D "$SECRETS/$3.headers" -o "$SECRETS/$3.json" -w '%{http_code}' \
        -H 'Content-Type: application/json' --data-binary "@$1" "$2/auth/tokens" || true)
    [ "$status" = 201 ] || return 1
    awk 'tolower($1)=="x-subject-token:" {print $2}' "$SECRETS/$3.headers" | tr -d '\r' > "$SECRETS/$3.token"
    [ -s "$SECRETS/$3.token" ]
}

# --- peers -------------------------------------------------------------------------------------
APACHE=0 KEYSTONE=0 MISSING=()
KM_VARS=$( (. "$ANCHORS/kerberos-mtls/env.sh" 2>/dev/null &&
    echo "$KM_HOME $KM_HOST $KM_HTTP_PORT $KM_TLS_PORT $KM_TLS_RSA_PORT") || true)
read -r KM_HOME_ KM_HOST_ KM_HTTP_PORT_ KM_TLS_PORT_ KM_TLS_RSA_PORT_ <<< "${KM_VARS:-- - - - -}"
apache_up() { [ "$(http_code "http://$KM_HOST_:$KM_HTTP_PORT_/anon/whoami")" = 200 ]; }
KS_VARS=$( (. "$ANCHORS/keystone/env.sh" 2>/dev/null && echo "$KS_HOME $KS_PG_DIR") || true)
read -r KS_HOME_ KS_PG_DIR_ <<< "${KS_VARS:-- -}"
ks_url() {  # where the Keystone anchor listens: its uwsgi.ini, as its bench.sh reads it
    local socket
    socket=$(sed -n 's/^http-socket = //p' "$KS_HOME_/uwsgi.ini" 2>/dev/null || true)
    [ -n "$socket" ] && echo "http://$socket/v3"
}
keystone_up() { local u; u=$(ks_url); [ -n "$u" ] && [ "$(http_code "$u")" = 200 ]; }

if [ "$NO_PEERS" = 1 ]; then
    MISSING+=("all (--no-peers)")
else
    if [ -x "$ANCHORS/kerberos-mtls/setup.sh" ] && [ "$KM_HOME_" != - ]; then
        if ! apache_up && [ "$START_PEERS" = 1 ]; then
            echo "== starting the Apache/MIT anchor ($ANCHORS/kerberos-mtls/setup.sh)" >&2
            if "$ANCHORS/kerberos-mtls/setup.sh" >> "$OUT/peers.log" 2>&1; then STARTED_APACHE=1; fi
        fi
        if apache_up; then APACHE=1; else MISSING+=("Apache httpd (mod_auth_gssapi, mod_ssl): not answering on $KM_HOST_:$KM_HTTP_PORT_"); fi
    else
        MISSING+=("Apache httpd (mod_auth_gssapi, mod_ssl): no anchor at $ANCHORS/kerberos-mtls")
    fi
    if [ -x "$ANCHORS/keystone/setup.sh" ]; then
        if ! keystone_up && [ "$START_PEERS" = 1 ]; then
            echo "== starting the Keystone anchor ($ANCHORS/keystone/setup.sh, KS_PORT=${KS_PORT:-35357})" >&2
            if KS_PORT=${KS_PORT:-35357} "$ANCHORS/keystone/setup.sh" >> "$OUT/peers.log" 2>&1; then STARTED_KEYSTONE=1; fi
        fi
        if keystone_up; then KEYSTONE=1; else MISSING+=("Keystone: not answering (no uwsgi.ini, or nothing on its port)"); fi
    else
        MISSING+=("Keystone: no anchor at $ANCHORS/keystone")
    fi
fi
if [ "$APACHE" = 1 ]; then
    D=$KM_HOME_
    A_HTTP="http://$KM_HOST_:$KM_HTTP_PORT_"
    A_HTTPS="https://$KM_HOST_:$KM_TLS_PORT_"
    A_CERT=(--cert "$D/ca/alice-ec.crt" --key "$D/ca/alice-ec.key" --cacert "$D/ca/ca-ec.crt")
    # The RSA-2048 listener: its own CA, server and client keys.
    A_HTTPS_RSA="https://$KM_HOST_:$KM_TLS_RSA_PORT_"
    A_CERT_RSA=(--cert "$D/ca/alice-rsa.crt" --key "$D/ca/alice-rsa.key" --cacert "$D/ca/ca-rsa.crt")
fi
if [ "$KEYSTONE" = 1 ]; then
    K_V3=$(ks_url)
    # The anchor's fixed demo passwords (its env.sh), handed over in the environment.
    KS_ADMIN_PW=$( (. "$ANCHORS/keystone/env.sh" && echo "$KS_ADMIN_PASSWORD") )
    KS_ALICE_PW=$( (. "$ANCHORS/keystone/env.sh" && echo "$KS_ALICE_PASSWORD") )
fi

echo "== workloads: $DURATION each after $WARMUP warm-up, $CONCURRENCY connections; raw outputs in $OUT" >&2

# 1. no authentication
if want version || want anon; then
    measure t-version --url "$T_HTTP/v3"; keep_t
    if want version; then
        if [ "$KEYSTONE" = 1 ]; then measure k-version --url "$K_V3"; keep_p; else no_peer "— (Keystone missing)"; fi
        row "no auth: GET /v3 version document" "Keystone"
    fi
    if want anon; then
        if [ "$APACHE" = 1 ]; then measure a-anon --url "$A_HTTP/anon/whoami"; keep_p; else no_peer "— (Apache missing)"; fi
        row "no auth, keep-alive: Tokenless GET /v3, Apache GET /anon/whoami" "Apache httpd"
    fi
fi

# 2. SPNEGO: a fresh Negotiate token on every request, keep-alive
if want spnego; then
    measure t-spnego --mechanism spnego --data-dir "$DATA" --user alice --url "$T_HTTP/v1/auth/whoami"; keep_t
    if [ "$APACHE" = 1 ]; then
        measure a-spnego --mechanism spnego --data-dir "$D" --user alice --url "$A_HTTP/whoami"; keep_p
    else no_peer "— (Apache missing)"; fi
    row "SPNEGO, new AP-REQ per request: GET /v1/auth/whoami (Apache: /whoami)" "Apache mod_auth_gssapi"
fi
if want mint; then
    measure t-mint --mint-only --mechanism spnego --data-dir "$DATA" --user alice --url "$T_HTTP/"; keep_t
    if [ "$APACHE" = 1 ]; then
        measure a-mint --mint-only --mechanism spnego --data-dir "$D" --user alice --url "$A_HTTP/"; keep_p
    else no_peer "— (Apache missing)"; fi
    row "client alone: SPNEGO tokens minted per second (no HTTP; the generator's ceiling)" "client-demo, MIT KDC ticket"
fi

# 3. client certificates
if want cert; then
    measure t-cert --mechanism cert --data-dir "$DATA" --user alice --url "$T_HTTPS/v1/auth/whoami"; keep_t
    if [ "$APACHE" = 1 ]; then measure a-cert --mechanism cert "${A_CERT[@]}" --url "$A_HTTPS/whoami"; keep_p
    else no_peer "— (Apache missing)"; fi
    row "mTLS ECDSA, keep-alive: GET /v1/auth/whoami (Apache: /whoami)" "Apache mod_ssl"
fi
if want cert-new; then
    measure t-cert-new --mechanism cert --data-dir "$DATA" --user alice --new-connection \
        --url "$T_HTTPS/v1/auth/whoami"; keep_t
    if [ "$APACHE" = 1 ]; then
        measure a-cert-new --mechanism cert "${A_CERT[@]}" --new-connection --url "$A_HTTPS/whoami"; keep_p
    else no_peer "— (Apache missing)"; fi
    row "mTLS ECDSA, full handshake per request" "Apache mod_ssl"
fi

# 3a. the same ECDSA rows loaded by wrk -t1 with the Apache anchor's client-certificate shim
# (LD_PRELOAD; WRK_NO_RESUME=1 forces a full handshake per connection), as its RESULTS.md measures
# Apache: a C client, so less of the two cores goes to the generator than with the Java one.
wrk_cert() {  # wrk_cert FILE CERT KEY URL [new]: one wrk row through the shim
    WRK_ENV=(LD_PRELOAD="$SHIM" WRK_CLIENT_CERT="$2" WRK_CLIENT_KEY="$3")
    if [ "${5:-}" = new ]; then
        WRK_ENV+=(WRK_NO_RESUME=1)
        measure_wrk "$1" "$4" -H 'Connection: close'
    else
        measure_wrk "$1" "$4"
    fi
    WRK_ENV=()
}
SHIM=""
SHIM_NOTE=""
build_shim() {  # once: the shim, or SHIM_NOTE saying why there is none
    [ -n "$SHIM$SHIM_NOTE" ] && return 0
    if [ ! -f "$ANCHORS/kerberos-mtls/wrk_tls_shim.c" ]; then SHIM_NOTE="n/a (no wrk_tls_shim.c in the anchor)"
    elif ! gcc -O2 -Wall -shared -fPIC -o "$OUT/wrk_tls_shim.so" "$ANCHORS/kerberos-mtls/wrk_tls_shim.c" \
        -ldl -lssl -lcrypto 2> "$OUT/wrk_tls_shim.err"; then
        SHIM_NOTE="n/a (cannot build the shim: gcc and libssl-dev needed)"
    else SHIM="$OUT/wrk_tls_shim.so"; fi
}
if want cert-wrk || want cert-new-wrk; then
    build_shim
    for w in cert-wrk cert-new-wrk; do
        want "$w" || continue
        new=""; label="mTLS ECDSA, keep-alive, loaded by wrk -t1"
        if [ "$w" = cert-new-wrk ]; then new=new; label="mTLS ECDSA, full handshake per request, loaded by wrk -t1"; fi
        if [ -n "$SHIM_NOTE" ]; then no_tokenless "$SHIM_NOTE"
        else wrk_cert "t-$w" "$DATA/pki/clients/alice.pem" "$DATA/pki/clients/alice-key.pem" "$T_HTTPS/v1/auth/whoami" $new; keep_t; fi
        if [ -n "$SHIM_NOTE" ]; then no_peer "$SHIM_NOTE"
        elif [ "$APACHE" = 1 ]; then wrk_cert "a-$w" "$D/ca/alice-ec.crt" "$D/ca/alice-ec.key" "$A_HTTPS/whoami" $new; keep_p
        else no_peer "— (Apache missing)"; fi
        row "$label" "Apache mod_ssl"
    done
fi

# 3b. client certificates with RSA-2048 keys: a second dev server, whose PKI (CA, server and demo
# client certificates) is RSA throughout, up for these rows only; Apache's RSA listener
if want cert-rsa || want cert-new-rsa || want cert-rsa-wrk || want cert-new-rsa-wrk; then
    read -r RSA_PORT RSA_TLS_PORT <<< "$(free_ports 2 | tr '\n' ' ')"
    RSA_DATA=$(mktemp -d /tmp/tokenless-compare-data.XXXXXX)
    RSA_NOTE=""
    if ! start_dev TOKENLESS_RSA_PID "$OUT/tokenless-rsa.log" "$RSA_DATA" "$RSA_PORT" "$RSA_TLS_PORT" \
        --key-type rsa-2048; then
        RSA_NOTE="n/a (./tokenless dev --key-type rsa-2048 did not start: see tokenless-rsa.log)"
    elif ! grep -q '^Client certificate (rsa-2048 keys)' "$OUT/tokenless-rsa.log"; then
        RSA_NOTE="n/a (the dev server did not report rsa-2048 keys: see tokenless-rsa.log)"
    fi
    T_RSA_HTTPS="https://localhost:$RSA_TLS_PORT"
    if want cert-rsa; then
        if [ -z "$RSA_NOTE" ]; then
            measure t-cert-rsa --mechanism cert --data-dir "$RSA_DATA" --user alice --url "$T_RSA_HTTPS/v1/auth/whoami"; keep_t
        else no_tokenless "$RSA_NOTE"; fi
        if [ "$APACHE" = 1 ]; then measure a-cert-rsa --mechanism cert "${A_CERT_RSA[@]}" --url "$A_HTTPS_RSA/whoami"; keep_p
        else no_peer "— (Apache missing)"; fi
        row "mTLS RSA-2048, keep-alive: GET /v1/auth/whoami (Apache: /whoami, RSA listener)" "Apache mod_ssl"
    fi
    if want cert-new-rsa; then
        if [ -z "$RSA_NOTE" ]; then
            measure t-cert-new-rsa --mechanism cert --data-dir "$RSA_DATA" --user alice --new-connection \
                --url "$T_RSA_HTTPS/v1/auth/whoami"; keep_t
        else no_tokenless "$RSA_NOTE"; fi
        if [ "$APACHE" = 1 ]; then
            measure a-cert-new-rsa --mechanism cert "${A_CERT_RSA[@]}" --new-connection --url "$A_HTTPS_RSA/whoami"; keep_p
        else no_peer "— (Apache missing)"; fi
        row "mTLS RSA-2048, full handshake per request" "Apache mod_ssl"
    fi
    for w in cert-rsa-wrk cert-new-rsa-wrk; do
        want "$w" || continue
        build_shim
        new=""; label="mTLS RSA-2048, keep-alive, loaded by wrk -t1"
        if [ "$w" = cert-new-rsa-wrk ]; then new=new; label="mTLS RSA-2048, full handshake per request, loaded by wrk -t1"; fi
        if [ -n "$RSA_NOTE$SHIM_NOTE" ]; then no_tokenless "${RSA_NOTE:-$SHIM_NOTE}"
        else wrk_cert "t-$w" "$RSA_DATA/pki/clients/alice.pem" "$RSA_DATA/pki/clients/alice-key.pem" \
            "$T_RSA_HTTPS/v1/auth/whoami" $new; keep_t; fi
        if [ -n "$SHIM_NOTE" ]; then no_peer "$SHIM_NOTE"
        elif [ "$APACHE" = 1 ]; then wrk_cert "a-$w" "$D/ca/alice-rsa.crt" "$D/ca/alice-rsa.key" "$A_HTTPS_RSA/whoami" $new; keep_p
        else no_peer "— (Apache missing)"; fi
        row "$label" "Apache mod_ssl"
    done
    stop_pid "$TOKENLESS_RSA_PID"
    TOKENLESS_RSA_PID=""
fi

# 4. Fernet tokens (Keystone's API); Tokenless' dev users share TOKENLESS_DEV_PASSWORD
T_TOKENS=0
if want token || want validate || want validate-10k || want validate-wrk || want assignments; then
    if issue_token "$(body_file t-admin admin "$TOKENLESS_DEV_PASSWORD" demo default)" "$T_HTTP/v3" t-admin &&
       issue_token "$(body_file t-alice alice "$TOKENLESS_DEV_PASSWORD" demo default)" "$T_HTTP/v3" t-alice; then
        T_TOKENS=1
    fi
fi
K_TOKENS=0
if [ "$KEYSTONE" = 1 ] && { want validate || want validate-wrk || want assignments; }; then
    if issue_token "$(body_file k-admin admin "$KS_ADMIN_PW" admin default)" "$K_V3" k-admin &&
       issue_token "$(body_file k-alice alice "$KS_ALICE_PW" demo default)" "$K_V3" k-alice; then
        K_TOKENS=1
    fi
fi
subject_header() {  # subject_header PREFIX: a header file "X-Subject-Token: <PREFIX's token>"
    printf 'X-Subject-Token: %s\n' "$(cat "$SECRETS/$1.token")" > "$SECRETS/$1.subject"
    echo "$SECRETS/$1.subject"
}
token_missing() { echo "n/a (endpoint missing: status $(http_code -X POST -H 'Content-Type: application/json' -d '{}' "$1/auth/tokens"))"; }

if want token; then
    if [ -s "$SECRETS/t-alice.token" ]; then
        measure t-token --mechanism token --token-from-password --password-env TOKENLESS_DEV_PASSWORD --user alice \
            --project demo --url "$T_HTTP/v1/auth/whoami"; keep_t
    else no_tokenless "$(token_missing "$T_HTTP/v3")"; fi
    no_peer "— (no peer equivalent)"
    row "X-Auth-Token (Fernet) on GET /v1/auth/whoami" "—"
fi
if want issue; then
    measure t-issue --method POST --body "$(body_file t-issue alice "$TOKENLESS_DEV_PASSWORD" demo default)" \
        --url "$T_HTTP/v3/auth/tokens"; keep_t
    if [ "$KEYSTONE" = 1 ]; then
        measure k-issue --method POST --body "$(body_file k-issue alice "$KS_ALICE_PW" demo default)" \
            --url "$K_V3/auth/tokens"; keep_p
    else no_peer "— (Keystone missing)"; fi
    row "password token issue: POST /v3/auth/tokens" "Keystone"
fi
if want validate; then
    if [ "$T_TOKENS" = 1 ]; then
        measure t-validate --mechanism token --token-file "$SECRETS/t-admin.token" \
            --header-file "$(subject_header t-alice)" --url "$T_HTTP/v3/auth/tokens"; keep_t
    else no_tokenless "$(token_missing "$T_HTTP/v3")"; fi
    if [ "$K_TOKENS" = 1 ]; then
        measure k-validate --mechanism token --token-file "$SECRETS/k-admin.token" \
            --header-file "$(subject_header k-alice)" --url "$K_V3/auth/tokens"; keep_p
    elif [ "$KEYSTONE" = 1 ]; then no_peer "n/a (Keystone did not issue the tokens)"
    else no_peer "— (Keystone missing)"; fi
    row "token validation: GET /v3/auth/tokens (admin validates alice's)" "Keystone"
fi
if want validate-10k; then
    if [ "$T_TOKENS" = 1 ]; then
        measure t-validate-10k --mechanism token --token-file "$SECRETS/t-admin.token" \
            --header-file "$(subject_header t-alice)" --rate 10000 --url "$T_HTTP/v3/auth/tokens"; keep_t
    else no_tokenless "$(token_missing "$T_HTTP/v3")"; fi
    no_peer "— (Keystone validates 10–30/s)"
    row "token validation at a fixed 10,000/s (latency from the schedule)" "—"
fi
if want validate-wrk; then
    if [ "$T_TOKENS" = 1 ]; then
        WRK_AUTH_TOKEN_FILE="$SECRETS/t-admin.token" WRK_SUBJECT_TOKEN_FILE="$SECRETS/t-alice.token" \
            measure_wrk t-validate-wrk "$T_HTTP/v3/auth/tokens" -s "$ROOT/bench/lua/token-headers.lua"; keep_t
    else no_tokenless "$(token_missing "$T_HTTP/v3")"; fi
    if [ "$K_TOKENS" = 1 ]; then
        WRK_AUTH_TOKEN_FILE="$SECRETS/k-admin.token" WRK_SUBJECT_TOKEN_FILE="$SECRETS/k-alice.token" \
            measure_wrk k-validate-wrk "$K_V3/auth/tokens" -s "$ROOT/bench/lua/token-headers.lua"; keep_p
    elif [ "$KEYSTONE" = 1 ]; then no_peer "n/a (Keystone did not issue the tokens)"
    else no_peer "— (Keystone missing)"; fi
    row "token validation, loaded by wrk -t1: GET /v3/auth/tokens (admin validates alice's)" "Keystone"
fi

# 5. roles
if want lookup; then
    measure t-lookup --mechanism cert --data-dir "$DATA" --user "$LOOKUP_USER" \
        --url "$T_HTTPS/v1/lookup?principal=alice@EXAMPLE.COM&project_name=demo&project_domain=default"; keep_t
    if [ "$K_TOKENS" = 1 ]; then
        kid=$(jq -r .token.user.id "$SECRETS/k-alice.json"); kproj=$(jq -r .token.project.id "$SECRETS/k-alice.json")
        measure k-lookup --mechanism token --token-file "$SECRETS/k-admin.token" \
            --url "$K_V3/role_assignments?user.id=$kid&scope.project.id=$kproj&effective"; keep_p
    elif [ "$KEYSTONE" = 1 ]; then no_peer "n/a (Keystone did not issue the tokens)"
    else no_peer "— (Keystone missing)"; fi
    row "role lookup: GET /v1/lookup (mTLS, $LOOKUP_USER) vs effective role_assignments (admin token)" "Keystone"
fi
if want assignments; then
    if [ "$T_TOKENS" = 1 ]; then
        tid=$(jq -r .token.user.id "$SECRETS/t-alice.json"); tproj=$(jq -r .token.project.id "$SECRETS/t-alice.json")
        measure t-assignments --mechanism token --token-file "$SECRETS/t-admin.token" \
            --url "$T_HTTP/v3/role_assignments?user.id=$tid&scope.project.id=$tproj&effective"; keep_t
    else no_tokenless "$(token_missing "$T_HTTP/v3")"; fi
    if [ "$K_TOKENS" = 1 ]; then
        # the same run as the lookup row's peer when that ran; measured again otherwise
        if ! want lookup; then
            kid=$(jq -r .token.user.id "$SECRETS/k-alice.json"); kproj=$(jq -r .token.project.id "$SECRETS/k-alice.json")
            measure k-lookup --mechanism token --token-file "$SECRETS/k-admin.token" \
                --url "$K_V3/role_assignments?user.id=$kid&scope.project.id=$kproj&effective"; keep_p
        fi
    elif [ "$KEYSTONE" = 1 ]; then no_peer "n/a (Keystone did not issue the tokens)"
    else no_peer "— (Keystone missing)"; fi
    row "GET /v3/role_assignments?effective (admin token)" "Keystone"
fi

# --- the table -----------------------------------------------------------------------------------
{
    echo "Run $(date -u +%FT%TZ) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')):"
    echo "client-demo load, $CONCURRENCY connections, $DURATION measured after $WARMUP warm-up; load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Rates in req/s (tokens/s for the client-alone row); latencies in ms; ratio = Tokenless / peer."
    echo "srv µs/req: CPU of the server's processes and their descendants (Tokenless: its JVM and embedded PostgreSQL;"
    echo "Apache: httpd and krb5kdc; Keystone: uwsgi and PostgreSQL) per request, warm-up requests included."
    echo "Each run waited for the machine to be at most ${QUIET_MAX}% busy (up to ${QUIET_WAIT} s); per-run load averages are in the log above."
    echo "Keystone (uwsgi http-socket) closes the connection after every response, so its rows include a TCP connect per request."
    echo
    echo "| workload | Tokenless req/s | p50 | p99 | srv µs/req | peer | peer req/s | peer p99 | peer srv µs/req | ratio |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    if [ ${#MISSING[@]} -gt 0 ]; then
        echo
        echo "Peers missing: $(IFS=';'; echo "${MISSING[*]}" | sed 's/;/; /g')."
    fi
} | tee "$OUT/summary.md"
