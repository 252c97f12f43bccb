#!/usr/bin/env bash
# Launcher for the demo client and load generator: builds it (once, or again when a source or
# pom changed) and runs it. Named client-demo.sh because ./client-demo is the module directory.
# Usage: ./client-demo.sh load --url URL [options] | --help
exec "$(dirname "${BASH_SOURCE[0]}")/bin/launch-module" client-demo CLIENT_DEMO_JAVA_OPTS "$@"
