#!/usr/bin/env bash
# The workflow benchmark, in one command: benchmarks/workflow/run.sh [--seconds 20] [--concurrency 1,8,32,64] [...]
# (--help lists all). Builds platform-api/target/plinth.jar if it is missing, then runs Bench.java with
# the PostgreSQL JDBC driver and the Kafka client that Plinth itself ships on the class path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

jar=platform-api/target/plinth.jar
for ((i = 1; i <= $#; i++)); do
    if [[ "${!i}" == "--jar" ]]; then j=$((i + 1)); jar="${!j}"; fi
    if [[ "${!i}" == "--" ]]; then break; fi
done

if [[ ! -f "$jar" ]]; then
    echo "No $jar yet; building it (./mvnw -q -DskipTests package)"
    ./mvnw -q -DskipTests package
fi

jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
lib="$here/target/lib"
# The PostgreSQL driver reads the engine's timestamps; kafka-clients (with slf4j-api) reads the
# timestamps of the engine's Kafka records, to split a step's time into its hops.
wanted='^BOOT-INF/lib/(postgresql|kafka-clients|slf4j-api)-[0-9.]+\.jar$'
if [[ "$(ls "$lib"/*.jar 2>/dev/null | wc -l)" -ne 3 || "$jar" -nt "$lib" ]]; then
    rm -rf "$lib" && mkdir -p "$lib"
    (cd "$lib" && jar xf "$jar" $(jar tf "$jar" | grep -E "$wanted"))
    mv "$lib"/BOOT-INF/lib/*.jar "$lib"/ && rm -rf "$lib/BOOT-INF"
    touch "$lib"
fi
classpath="$(ls "$lib"/*.jar | paste -sd: -)"

# Bench.java and the CPU meter it shares with the memory benchmark, compiled when either changed.
classes="$here/target/classes"
if [[ ! -f "$classes/Bench.class" || "$here/Bench.java" -nt "$classes/Bench.class" \
        || "$root/benchmarks/common/CpuMeter.java" -nt "$classes/Bench.class" ]]; then
    rm -rf "$classes" && mkdir -p "$classes"
    javac -nowarn -d "$classes" -cp "$classpath" "$here/Bench.java" "$root/benchmarks/common/CpuMeter.java"
fi
exec java -cp "$classes:$classpath" Bench "$@"
