#!/usr/bin/env bash
# Runs cap-core's JMH suite (see docs/PERFORMANCE.md, section "cap-core (JMH)"): builds the
# benchmarks jar, then runs every cap-core benchmark with the settings pinned in its annotations
# (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, average time in ns) and JMH's gc profiler, twice:
# with the JVM's defaults and with escape analysis off. JSON results go to
# bench/target/results-default.json and bench/target/results-no-escape-analysis.json, the full
# logs next to them (.txt); the score and B/op tables are printed at the end. About 5 minutes.
#
# Not part of the Maven build: mvn verify builds the jar but never runs a benchmark.
# Usage: bench/run.sh [extra JMH options, e.g. -p n=64 or -i 10]
# MVN_FLAGS adds Maven options (e.g. MVN_FLAGS=-o to build offline).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mvn -B -q ${MVN_FLAGS:-} -pl bench -am package -DskipTests

jar=bench/target/benchmarks.jar
# The cap-core benchmarks and the gc profiler's negative control; not the model checker's.
suite='^org\.capcheck\.bench\.(CopyDelete|MintRevoke|Revoke|RetypeRevoke|GuardedLookup|Control)Benchmark\.'

run() { # name, extra JVM args...
    local name=$1
    shift
    local out=bench/target/results-$name
    echo "=== $name: java -jar $jar '$suite' -prof gc $* -rf json -rff $out.json ${extra[*]:-}"
    java -jar "$jar" "$suite" -prof gc "$@" -rf json -rff "$out.json" ${extra[@]+"${extra[@]}"} | tee "$out.txt"
}

extra=("$@")
run default
run no-escape-analysis -jvmArgsAppend -XX:-DoEscapeAnalysis

for name in default no-escape-analysis; do
    echo
    echo "=== $name: time and allocation per op (bench/target/results-$name.json)"
    # JMH's summary table, without the gc.alloc.rate (MB/s) and gc.count/gc.time rows.
    sed -n '/^Benchmark /,$p' "bench/target/results-$name.txt" \
        | grep -Ev ':gc\.(alloc\.rate|count|time) ' || true
done
