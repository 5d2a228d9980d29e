#!/usr/bin/env bash
# The console benchmark, in one command: benchmarks/console/run.sh [--runs N] [...]  (--help lists all)
# Builds platform-api/target/plinth.jar if it is missing, then runs Bench.java with the PostgreSQL
# JDBC driver that Plinth itself ships on the class path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
source benchmarks/common/bench.sh

plinth_jar "$@"
plinth_libs "$here/target/lib" postgresql
exec java -cp "$classpath" "$here/Bench.java" "$@"
