#!/usr/bin/env bash
# The workflow benchmark, in one command: benchmarks/workflow/run.sh [--seconds 20] [--concurrency 1,8,32,64] [...]
# (--help lists all). Builds platform-api/target/plinth.jar if it is missing, then runs Bench.java with
# the PostgreSQL JDBC driver and the Kafka client that Plinth itself ships on the class path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
source benchmarks/common/bench.sh

plinth_jar "$@"
# The PostgreSQL driver reads the engine's timestamps; kafka-clients (with slf4j-api) reads the
# timestamps of the engine's Kafka records, to split a step's time into its hops.
plinth_libs "$here/target/lib" 'postgresql|kafka-clients|slf4j-api'
run_bench "$here" "$@"
