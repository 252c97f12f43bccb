#!/usr/bin/env bash
# JMH microbenchmarks of the hot paths (module microbench, profile bench): builds the module and
# what it depends on, without tests, then runs JMH and prints its table. Arguments go to JMH
# unchanged:
#   bench/micro.sh                      # the whole suite (about five minutes on two cores)
#   bench/micro.sh Fernet               # benchmarks whose name matches a regular expression
#   bench/micro.sh -l                   # list them
#   bench/micro.sh Spnego -p mechanism=KRB5 -i 10 -rf json -rff /tmp/micro.json
# MICRO_BUILD=0 skips the build; MICRO_MVN_OPTS replaces the Maven options (default "-q -B";
# add -o to stay offline).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${MICRO_BUILD:-1}" != 0 ]; then
    # shellcheck disable=SC2086  # the options are meant to split
    ./mvnw ${MICRO_MVN_OPTS:--q -B} -Pbench -pl microbench -am package -DskipTests
fi

# The machine the numbers come from, for the record.
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'); nproc $(nproc);" \
    "$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo);" \
    "$(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp "microbench/target/classes:microbench/target/lib/*" org.openjdk.jmh.Main "$@"
