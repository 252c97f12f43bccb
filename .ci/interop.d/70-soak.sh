# The short form of the soak (bench/soak.sh) against the dev server this stage started: SPNEGO,
# client certificates, token validation and role lookups at a fixed rate for a minute, with tokens
# revoked meanwhile. No request may fail, and no figure of the server (heap after GC, threads, file
# descriptors, PostgreSQL connections, revocation events) may grow past the script's bounds.

check "soak: 60 s at 100 requests/s, no failed request, no figure past its bound" \
  env SERVER_PID="$server_pid" bench/soak.sh --attach --duration 60s --warmup 15s --rate 100 --sample 30s \
    --out "$work/soak"
sed -n '/^| figure/,/^verdict/p' "$work/soak/report.md" 2>/dev/null | sed 's/^/      /'
