# docs/api.md as a user runs it: every ```sh block in order, in one shell, against this dev
# server (started --with-demo) with the demo services behind its gateway; each curl example must
# get the status, and print the text, that its "# → ..." line promises (.ci/doc-examples).

api_doc="$root/docs/api.md"
api_work="$work/api-docs"
mkdir -p "$api_work"

# The demo routes of `tokenless dev --with-demo` point at OpenStack's usual ports.
demo_ports_free() {
  "$PY" -c '
import socket, sys
for port in (8774, 9292, 9696):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        sys.exit("port %d is in use: the demo services cannot start" % port)
    finally:
        s.close()'
}

stop_demo_services() {
  if [ -n "${demo_services_pid:-}" ] && kill -0 "$demo_services_pid" 2>/dev/null; then
    kill -TERM "$demo_services_pid"
    for _ in $(seq 1 40); do kill -0 "$demo_services_pid" 2>/dev/null || break; sleep 0.25; done
  fi
}
trap 'stop_demo_services; stop_server' EXIT

start_demo_services() {
  demo_ports_free || return 1
  ./client-demo.sh services --data-dir "$DATA" --url "$URL" --tls-url "https://localhost:$TLS_PORT" \
    >"$api_work/services.log" 2>&1 &
  demo_services_pid=$!
  for _ in $(seq 1 240); do
    grep -q '^demo services ready' "$api_work/services.log" && return 0
    kill -0 "$demo_services_pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 20 "$api_work/services.log"
  return 1
}

# Not through check: that runs its command in a subshell, which would lose the pid.
if start_demo_services; then
  pass "the demo services start behind the gateway"
else
  fail "the demo services start behind the gateway"
fi

# Counted apart from the runner: fenced blocks of any kind that run curl.
api_curl_blocks=$(awk '
  /^```/ { if (open) { if (curl) n++; open = 0 } else { open = 1; curl = 0 }; next }
  open && /(^|[[:space:](|;&$])curl[[:space:]]/ { curl = 1 }
  END { print n + 0 }' "$api_doc")

api_started=$(date +%s)
URL="$URL" TLS_URL="https://localhost:$TLS_PORT" DATA="$DATA" KRB5CCNAME="FILE:$api_work/krb5cc" \
  "$PY" "$root/.ci/doc-examples" "$api_doc" "$api_work/run" >"$api_work/results.txt" 2>&1
api_checked=0
while IFS= read -r line; do
  case "$line" in
    "ok "*) pass "docs/api.md example ${line#ok }" ;;
    "not ok "*) fail "docs/api.md example ${line#not ok }" ;;
    "      "*) echo "$line" ;;
    "examples: "*) api_checked=$(echo "$line" | awk '{print $2}') ;;
    *) echo "      $line" ;;
  esac
done <"$api_work/results.txt"
echo "      docs/api.md ran in $(( $(date +%s) - api_started ))s"

if [ "$api_checked" = "$api_curl_blocks" ] && [ "$api_curl_blocks" -gt 0 ]; then
  pass "every curl block of docs/api.md was checked ($api_checked)"
else
  fail "every curl block of docs/api.md was checked: $api_checked checked, $api_curl_blocks in the document"
fi

stop_demo_services
kdestroy -q -c "FILE:$api_work/krb5cc" 2>/dev/null || true
