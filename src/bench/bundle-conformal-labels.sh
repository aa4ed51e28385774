#!/usr/bin/env bash
# Bundled state access (issue 11, item 2) for the conformal and delayed-label operators: records/s
# (each job's net run time, JVM start-up excluded) and whole-process CPU-s (user + system,
# /usr/bin/time, start-up included) of
#   1. `conformal` (interval loss, exponential weights, 16 keys) on RECORDS model outputs from a file;
#   2. `classify --learner kalman --labels` (16 keys, 4 features) on LABELLED examples from a file and
#      their labels from a second file (each label 50 ms of event time after its example; the two
#      files are read at their own speeds, so one input runs thousands of records ahead of the other),
# each on heap and RocksDB, bundled (default --bundle-size 1000) and record at a time (--bundle-size 1),
# at parallelism 1, the four configurations of a job run in alternation REPEATS times; medians, with
# RocksDB/heap and bundled/record-at-a-time ratios of the medians.
#
# Usage: src/bench/bundle-conformal-labels.sh [RECORDS [REPEATS [LABELLED]]] (defaults 300000, 3 and
# 30000), from the repository root after `mvn -B -pl jobs -am package -DskipTests`. JAR overrides the
# jar; JOBS (default "conformal labels") selects the jobs. JARS="before.jar after.jar" compares builds
# instead: each round runs every configuration with each jar in turn, and the last jar's medians are
# also given as ratios to the first's.
set -euo pipefail

records="${1:-300000}"
repeats="${2:-3}"
labelled="${3:-30000}"
jobs="${JOBS:-conformal labels}"
read -r -a jars <<< "${JARS:-${JAR:-jobs/target/flink-drift-jobs.jar}}"
for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$records" "$labelled" <<'PY'
import random, sys
work, n, labelled = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
with open(f"{work}/outputs.csv", "w") as outputs, open(f"{work}/examples.csv", "w") as examples, \
        open(f"{work}/labels.jsonl", "w") as labels:
    outputs.write("id,k,yhat,y\n")
    examples.write("id,k,x1,x2,x3,x4\n")
    for i in range(n):
        key = f"k{rng.randrange(16)}"
        x = [rng.gauss(0, 1) for _ in range(4)]
        yhat = x[0] - 0.5 * x[1]
        outputs.write(f"{i},{key},{yhat:.6f},{yhat + rng.gauss(0, 0.3 + i / n):.6f}\n")
        if i >= labelled:
            continue
        examples.write(f"{i},{key}," + ",".join(f"{v:.6f}" for v in x) + "\n")
        labels.write(f'{{"id":{i},"key":"{key}","timestamp":{i + 50},"value":{1 if x[0] + x[2] > 0 else 0}}}\n')
PY

# run JAR NAME ARGS...: one run; appends records/s to $work/NAME and CPU-s to $work/NAME.cpu
run() {
    local jar="$1" name="$2"
    shift 2
    if ! /usr/bin/time -f '%U %S' -o "$work/time" java -jar "$jar" "$@" --parallelism 1 --sink none \
            --dead-letter none --progress-interval 0 --summary "$work/summary.json" > "$work/out.log" 2>&1; then
        echo "run failed: $*" >&2
        tail -20 "$work/out.log" >&2
        exit 1
    fi
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["recordsPerSecond"])' "$work/summary.json" \
        >> "$work/$name"
    awk '{ print $1 + $2 }' "$work/time" >> "$work/$name.cpu"
}

conformal=(conformal --source "file:$work/outputs.csv" --id id --key k --prediction yhat --label y --loss interval
    --alpha 0.1 --rho 0.99)
labels=(classify --source "file:$work/examples.csv" --id id --key k --features x1,x2,x3,x4
    --labels "file:$work/labels.jsonl" --learner kalman)
for job in $jobs; do
    declare -n args="$job"
    for ((i = 0; i < repeats; i++)); do
        for backend in heap rocksdb; do
            for j in "${!jars[@]}"; do
                run "${jars[j]}" "$j-$job-$backend-bundled" "${args[@]}" --state-backend "$backend"
                run "${jars[j]}" "$j-$job-$backend-record-at-a-time" "${args[@]}" --state-backend "$backend" \
                    --bundle-size 1
            done
        done
    done
done

python3 - "$work" "${#jars[@]}" $jobs <<'PY'
import statistics, sys
work, builds = sys.argv[1], int(sys.argv[2])
def runs(name, suffix=""):
    return [float(line) for line in open(f"{work}/{name}{suffix}")]
for job in sys.argv[3:]:
    medians = {}
    for build in range(builds):
        if builds > 1:
            print(f"  jar {build + 1} of {builds}:")
        for backend in ("heap", "rocksdb"):
            for mode in ("bundled", "record-at-a-time"):
                name = f"{job}-{backend}-{mode}"
                r, c = runs(f"{build}-{name}"), runs(f"{build}-{name}", ".cpu")
                m = medians[build, backend, mode] = statistics.median(r), statistics.median(c)
                print(f"  {name:<34} median {m[0]:>9,.0f} records/s (min {min(r):,.0f} .. max {max(r):,.0f}),"
                      f" {m[1]:.1f} CPU-s (min {min(c):.1f} .. max {max(c):.1f})")
        for mode in ("bundled", "record-at-a-time"):
            rocks, heap = medians[build, "rocksdb", mode], medians[build, "heap", mode]
            print(f"  {job} {mode}: RocksDB/heap {rocks[0] / heap[0]:.2f} of the rate, {rocks[1] / heap[1]:.2f}x the CPU")
        for backend in ("heap", "rocksdb"):
            bundled, single = medians[build, backend, "bundled"], medians[build, backend, "record-at-a-time"]
            print(f"  {job} {backend}: bundled/record at a time {bundled[0] / single[0]:.2f} of the rate,"
                  f" {bundled[1] / single[1]:.2f}x the CPU")
    if builds > 1:
        for backend in ("heap", "rocksdb"):
            for mode in ("bundled", "record-at-a-time"):
                last, first = medians[builds - 1, backend, mode], medians[0, backend, mode]
                print(f"  {job} {backend} {mode}: last jar/first jar {last[0] / first[0]:.2f} of the rate,"
                      f" {last[1] / first[1]:.2f}x the CPU")
PY
