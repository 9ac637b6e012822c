#!/usr/bin/env bash
# Replay at kernel-log scale (docs/PERFORMANCE.md, "Replay at kernel-log scale"): generates a captrace
# file of LINES lines with captrace's TraceGenerator (test code: a random mix of retypes, copies, mints,
# moves, deletes, revokes and checks on a bounded working set, each line expecting what cap-core did),
# then times `capcheck replay --check-every N` on it with /usr/bin/time (wall, user, system, max RSS).
# Not part of the Maven build.
# Usage: bench/replay.sh [LINES (default 1000000)] [CHECK_EVERY (default 1000000)] [FILE]
# MVN_FLAGS adds Maven options (e.g. MVN_FLAGS=-o to build offline).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
lines=${1:-1000000}
every=${2:-1000000}
file=${3:-${TMPDIR:-/tmp}/capcheck-replay-bench-$lines.jsonl}

mvn -B -q ${MVN_FLAGS:-} -pl captrace -am test-compile
cp="captrace/target/test-classes:captrace/target/classes:cap-core/target/classes:json/target/classes"
if [ ! -s "$file" ]; then
    echo "generating $lines lines into $file"
    java -cp "$cp" org.capcheck.captrace.TraceGenerator "$lines" "$file"
fi
export CAPCHECK_MVN_OPTS="${MVN_FLAGS:-}"
./capcheck --version >/dev/null   # builds the jar first, outside the timing
echo "=== capcheck replay --check-every $every $file"
/usr/bin/time -f 'wall %e s, user %U s, system %S s, max RSS %M KiB' ./capcheck replay --check-every "$every" "$file"
