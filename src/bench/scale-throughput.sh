#!/usr/bin/env bash
# Same-run ratios of issue 11, end to end, records/s over each job's net run time (JVM start-up
# excluded), each configuration run REPEATS times in alternation (A B C A B C ...), medians reported:
#
#   1. state backends: `classify --learner kalman` on the rotating-hyperplane generator, 8 keys,
#      parallelism 1: heap, RocksDB with bundled state access (default --bundle-size), and RocksDB
#      record at a time (--bundle-size 1, as before bundling). Target: RocksDB >= 50% of heap.
#   2. scale-out: a CPU-heavy keyed job (kalman, 64 features, 16 keys, heap) at parallelism 1 and 2.
#      Target: parallelism 2 >= 1.6x parallelism 1 on 2 cores.
#
# Usage: src/bench/scale-throughput.sh [RECORDS [REPEATS]] (defaults 300000 and 3), from the
# repository root after `mvn -B -pl jobs -am package -DskipTests`. JAR overrides the jar. On a shared
# machine, look at the spread (min..max) before trusting a ratio.
set -euo pipefail

records="${1:-300000}"
repeats="${2:-3}"
jar="${JAR:-jobs/target/flink-drift-jobs.jar}"
[[ -f "$jar" ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# run NAME ARGS...: one run of classify; appends its records/s to $work/NAME
run() {
    local name="$1"
    shift
    local summary="$work/summary.json"
    if ! java -jar "$jar" classify --max-records "$records" --learner kalman --sink none --dead-letter none \
            --progress-interval 0 --summary "$summary" "$@" > "$work/out.log" 2>&1; then
        echo "run failed: $name" >&2
        tail -20 "$work/out.log" >&2
        exit 1
    fi
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["recordsPerSecond"])' "$summary" >> "$work/$name"
}

# report BASELINE NAME...: median (min..max) of each configuration and its ratio to BASELINE's median
report() {
    python3 - "$work" "$@" <<'PY'
import statistics, sys
work, names = sys.argv[1], sys.argv[2:]
runs = {name: [int(line) for line in open(f"{work}/{name}")] for name in names}
base = statistics.median(runs[names[0]])
for name in names:
    r = runs[name]
    m = statistics.median(r)
    print(f"  {name:<28} median {m:>9,.0f} records/s  (min {min(r):,} .. max {max(r):,}, {len(r)} runs)"
          f"  ratio to {names[0]}: {m / base:.2f}")
PY
}

backends="synthetic:hyperplane?keys=8&seed=1"
echo "1. classify --learner kalman --source '$backends' --max-records $records, parallelism 1"
for ((i = 0; i < repeats; i++)); do
    run heap --source "$backends" --state-backend heap --parallelism 1
    run rocksdb-bundled --source "$backends" --state-backend rocksdb --parallelism 1
    run rocksdb-record-at-a-time --source "$backends" --state-backend rocksdb --parallelism 1 --bundle-size 1
done
report heap rocksdb-bundled rocksdb-record-at-a-time

heavy="synthetic:hyperplane?dimension=64&keys=16&seed=1"
echo "2. classify --learner kalman --source '$heavy' --max-records $records, heap"
for ((i = 0; i < repeats; i++)); do
    run parallelism-1 --source "$heavy" --state-backend heap --parallelism 1
    run parallelism-2 --source "$heavy" --state-backend heap --parallelism 2
done
report parallelism-1 parallelism-2
