# Shared by the benchmarks' run.sh scripts (sourced, from the repository root):
#   plinth_jar "$@"             sets $jar: the Plinth jar (--jar PATH, default platform-api/target/plinth.jar,
#                               built with ./mvnw when missing), as an absolute path
#   plinth_libs DIR NAMES       sets $classpath: the jars of Plinth's own dependencies whose names match the
#                               extended regex NAMES (e.g. 'postgresql|kafka-clients'), taken out of $jar into
#                               DIR, again whenever the jar is newer
#   run_bench DIR ARGS...       compiles DIR/Bench.java with the pieces the benchmarks share (common/*.java: the
#                               CPU meter, the kept-alive HTTP requests; again whenever any changed) and runs it
#                               on $classpath with ARGS; Plinth gets the JVM options of platform-api/jvm.options,
#                               as in the README's command (a --jvm-opt in ARGS comes after them, so it can
#                               override one)

common_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

plinth_jar() {
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
}

plinth_libs() {
    local lib="$1" names="$2"
    if [[ ! -f "$lib/.extracted" || "$jar" -nt "$lib/.extracted" ]]; then
        rm -rf "$lib" && mkdir -p "$lib"
        (cd "$lib" && jar xf "$jar" $(jar tf "$jar" | grep -E "^BOOT-INF/lib/($names)-[0-9.]+\.jar$"))
        mv "$lib"/BOOT-INF/lib/*.jar "$lib"/ && rm -rf "$lib/BOOT-INF"
        touch "$lib/.extracted"
    fi
    classpath="$(ls "$lib"/*.jar | paste -sd: -)"
}

run_bench() {
    local dir="$1"
    shift
    local classes="$dir/target/classes"
    local stale=false source
    for source in "$dir/Bench.java" "$common_dir"/*.java; do
        if [[ ! -f "$classes/Bench.class" || "$source" -nt "$classes/Bench.class" ]]; then stale=true; fi
    done
    if [[ "$stale" == true ]]; then
        rm -rf "$classes" && mkdir -p "$classes"
        javac -nowarn -d "$classes" -cp "$classpath" "$dir/Bench.java" "$common_dir"/*.java
    fi
    exec java -cp "$classes:$classpath" Bench --jvm-opt "@$PWD/platform-api/jvm.options" "$@"
}
