# Sourced by the bench scripts: wait for a quiet machine before a measured run. On a shared
# 2-core box a neighbour's build moves a result more than anything measured, so each run
# first waits (up to QUIET_WAIT seconds, default 300) until the whole machine was at most
# QUIET_MAX percent busy (default 25) over 2 s; then it runs anyway and says so.
QUIET_MAX=${QUIET_MAX:-25}
QUIET_WAIT=${QUIET_WAIT:-300}

machine_busy_pct() {  # whole-machine busy % over 2 s
    local a b
    read -r -a a < <(awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
    sleep 2
    read -r -a b < <(awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
    echo $(( (b[1] - a[1]) > 0 ? 100 * (b[0] - a[0]) / (b[1] - a[1]) : 0 ))
}

settle() {  # prints nothing when the machine is quiet; a note when it gave up waiting
    local limit=$(( $(date +%s) + QUIET_WAIT )) busy
    while :; do
        busy=$(machine_busy_pct)
        [ "$busy" -le "$QUIET_MAX" ] && return 0
        if [ "$(date +%s)" -ge "$limit" ]; then
            echo "   (machine still ${busy}% busy after waiting ${QUIET_WAIT} s: measuring anyway)" >&2
            return 0
        fi
    done
}
