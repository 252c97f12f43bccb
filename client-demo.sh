#!/usr/bin/env bash
# Launcher for the demo client and load generator: builds it (once, or again when a source or
# pom changed) and runs it. Named client-demo.sh because ./client-demo is the module directory.
# Usage: ./client-demo.sh load --url URL [options] | --help
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/client-demo/target/client-demo.jar"

stale() {
  [ ! -f "$jar" ] && return 0
  local newer
  newer=$(find "$root/pom.xml" "$root/test-support" "$root/kdc-test" "$root/role-lookup" "$root/tokenless-server" \
    "$root/client-demo" \
    -path '*/target' -prune -o -type f \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) \
    -newer "$jar" -print 2>/dev/null | head -n 1)
  [ -n "$newer" ]
}

if stale; then
  echo "client-demo: building (first run or sources changed)..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -pl client-demo -am package) >&2
fi
exec java ${CLIENT_DEMO_JAVA_OPTS:-} -jar "$jar" "$@"
