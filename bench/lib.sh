# Shell functions the benchmark scripts share; sourced, not run.

free_ports() {  # free_ports N: N free TCP ports on 127.0.0.1, one per line
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# CPU of a server: its root processes and all their descendants, exited children included
# (utime+stime+cutime+cstime), so Apache's workers and PostgreSQL backends count.
HZ=$(getconf CLK_TCK)
tree_ticks() {  # tree_ticks "PID..."
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v roots="$1" '
        { rest = substr($0, index($0, ") ") + 2); split(rest, f, " ")
          parent[$1] = f[2]; ticks[$1] = f[12] + f[13] + f[14] + f[15] }
        END { n = split(roots, r, " "); for (i = 1; i <= n; i++) if (r[i] in ticks) mark[r[i]] = 1
              do { added = 0
                   for (p in parent) if (!(p in mark) && (parent[p] in mark)) { mark[p] = 1; added = 1 }
              } while (added)
              t = 0; for (p in mark) t += ticks[p]; print t }'
}
