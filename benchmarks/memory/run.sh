#!/usr/bin/env bash
# The memory benchmark, in one command: benchmarks/memory/run.sh [--messages N] [...]  (--help lists all)
# Builds platform-api/target/plinth.jar if it is missing, then runs Bench.java with the PostgreSQL
# JDBC driver that Plinth itself ships on the class path.
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
driver="$(ls "$lib"/postgresql-*.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$driver" || "$jar" -nt "$driver" ]]; then
    rm -rf "$lib" && mkdir -p "$lib"
    (cd "$lib" && jar xf "$jar" $(jar tf "$jar" | grep -E '^BOOT-INF/lib/postgresql-[0-9.]+\.jar$'))
    mv "$lib"/BOOT-INF/lib/postgresql-*.jar "$lib"/ && rm -rf "$lib/BOOT-INF"
    driver="$(ls "$lib"/postgresql-*.jar | head -n 1)"
fi

# Bench.java and the CPU meter it shares with the workflow benchmark, compiled when either changed.
classes="$here/target/classes"
if [[ ! -f "$classes/Bench.class" || "$here/Bench.java" -nt "$classes/Bench.class" \
        || "$root/benchmarks/common/CpuMeter.java" -nt "$classes/Bench.class" ]]; then
    rm -rf "$classes" && mkdir -p "$classes"
    javac -nowarn -d "$classes" -cp "$driver" "$here/Bench.java" "$root/benchmarks/common/CpuMeter.java"
fi
exec java -cp "$classes:$driver" Bench "$@"
