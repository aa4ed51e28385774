#!/usr/bin/env bash
# Same-run ratios of issue 11, end to end, records/s over each job's net run time (JVM start-up
# excluded), each configuration run REPEATS times in alternation (A B C A B C ...), medians reported.
# Each run is also timed as a whole process (user + system CPU-s, /usr/bin/time), and so is a run of
# the same configuration on 1,000 records (start-up and shut-down): the difference per record, CPU-us
# per record, is robust on a busy machine where records/s is not. Cores used is the whole process's
# CPU-s over its wall-clock s (start-up included), the median over the runs.
#
#   1. state backends: `classify --learner kalman` on the rotating-hyperplane generator, 8 keys,
#      parallelism 1: heap, RocksDB with bundled state access (default --bundle-size), and RocksDB
#      record at a time (--bundle-size 1, as before bundling). Target: RocksDB >= 50% of heap.
#   2. scale-out: a CPU-heavy keyed job (kalman, 64 features, 16 keys, heap) at parallelism 1 and 2.
#      Target: parallelism 2 >= 1.6x parallelism 1 on 2 cores; the last line prints that ratio.
#
# Usage: src/bench/scale-throughput.sh [RECORDS [REPEATS]] (defaults 300000 and 3), from the
# repository root after `mvn -B -pl jobs -am package -DskipTests`. JAR overrides the jar. On a shared
# machine, look at the spread (min..max) before trusting a ratio; the CPU-us per record varies less.
set -euo pipefail

records="${1:-300000}"
repeats="${2:-3}"
jar="${JAR:-jobs/target/flink-drift-jobs.jar}"
[[ -f "$jar" ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

short=1000

# classify COUNT ARGS...: one run of classify on COUNT records; its CPU-s (user + system) in $work/cpu,
# its wall-clock s in $work/wall
classify() {
    local count="$1"
    shift
    if ! /usr/bin/time -f '%U %S %e' -o "$work/time" java -jar "$jar" classify --max-records "$count" --learner kalman \
            --sink none --dead-letter none --progress-interval 0 --summary "$work/summary.json" "$@" \
            > "$work/out.log" 2>&1; then
        echo "run failed: classify --max-records $count $*" >&2
        tail -20 "$work/out.log" >&2
        exit 1
    fi
    awk '{ print $1 + $2 }' "$work/time" > "$work/cpu"
    awk '{ print $3 }' "$work/time" > "$work/wall"
}

# run NAME ARGS...: a run on RECORDS and one on 1,000 records; appends records/s, CPU-s, wall-clock s
# and start-up CPU-s to $work/NAME, $work/NAME.cpu, $work/NAME.wall and $work/NAME.start
run() {
    local name="$1"
    shift
    classify "$records" "$@"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["recordsPerSecond"])' "$work/summary.json" \
        >> "$work/$name"
    cat "$work/cpu" >> "$work/$name.cpu"
    cat "$work/wall" >> "$work/$name.wall"
    classify "$short" "$@"
    cat "$work/cpu" >> "$work/$name.start"
}

# report BASELINE NAME...: median (min..max) of each configuration and its ratio to BASELINE's median
report() {
    python3 - "$work" "$records" "$short" "$@" <<'PY'
import statistics, sys
work, records, short, names = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
def runs(name, suffix=""):
    return [float(line) for line in open(f"{work}/{name}{suffix}")]
base = statistics.median(runs(names[0]))
for name in names:
    r = runs(name)
    m = statistics.median(r)
    cpu, start = statistics.median(runs(name, ".cpu")), statistics.median(runs(name, ".start"))
    per_record = (cpu - start) / (records - short) * 1e6
    cores = statistics.median(c / w for c, w in zip(runs(name, ".cpu"), runs(name, ".wall")))
    print(f"  {name:<28} median {m:>9,.0f} records/s  (min {min(r):,.0f} .. max {max(r):,.0f}, {len(r)} runs)"
          f"  ratio to {names[0]}: {m / base:.2f}")
    print(f"  {'':<28} {per_record:.2f} CPU-us per record (median {cpu:.1f} CPU-s for {records:,} records,"
          f" {start:.1f} for {short:,}); {cores:.2f} cores used")
if len(names) == 2 and names[1] == "parallelism-2":
    print(f"  parallelism 2 / parallelism 1, records/s (medians, same run): "
          f"{statistics.median(runs(names[1])) / base:.2f} (target >= 1.6)")
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
