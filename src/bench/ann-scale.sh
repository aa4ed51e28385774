#!/usr/bin/env bash
# Issue 11: `ann --inserts sharded` inserts/s at parallelism 2 over parallelism 1, same run.
#
# Each round runs the same command at parallelism 1 and 2, alternating (p1 p2 p1 p2 ...), once on
# RECORDS and once on SHORT records. The steady-state rate of a round is the difference of inserts
# over the difference of the job's run times (the summary's "seconds"; inserts = records - the
# summary's queries), so JVM and cluster start-up and the quantizer's training, which both runs pay
# alike, drop out. The script prints every round's rates, the medians and their p2/p1 ratio (target
# >= 1.6 on 2 cores). Each run is also timed as a whole process (user + system CPU-s, /usr/bin/time):
# CPU-us per insert, the same difference per insert, is the figure to trust on a shared machine,
# where rates are not; "cores" is the long run's CPU-s over its wall-clock s.
#
# The stream is CPU-heavy per insert so that the shards' work dominates the run: 64-d vectors, K =
# 1024 lists (each insert computes 1024 centroid distances, then a residual PQ code with M = 16), a
# Lazy round every 20,000 ms of event time (20,000 records at the generator's 1 ms spacing) and a
# time-to-live of 60,000 ms, so the index stays at about 60,000 vectors and the cost per insert does not
# grow with the run. A light stream (16-d, K = 64) measures the source and the network instead.
#
# Usage: src/bench/ann-scale.sh, from the repository root after `mvn -B -pl jobs -am package
# -DskipTests` (it builds nothing). Environment: RECORDS (default 1000000), SHORT (200000), ROUNDS
# (3), LISTS (1024), JAR (jobs/target/flink-drift-jobs.jar), EXTRA (more job options, split on
# spaces, e.g. EXTRA='--checkpoint-interval 0').
set -euo pipefail

records="${RECORDS:-1000000}"
short="${SHORT:-200000}"
rounds="${ROUNDS:-3}"
lists="${LISTS:-1024}"
jar="${JAR:-jobs/target/flink-drift-jobs.jar}"
[[ -f "$jar" ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 1; }
(( records > short )) || { echo "RECORDS ($records) must exceed SHORT ($short)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

source='synthetic:mixture?dimension=64&components=20&period=20000'
options=(--lists "$lists" --training-size 20000 --sub-quantizers 16 --residual --inserts sharded
    --maintenance lazy --maintenance-interval 20000 --ttl 60000 --query-every 100
    --sink none --dead-letter none --progress-interval 0 ${EXTRA:-})
echo "java -jar $jar ann --source '$source' --max-records N ${options[*]} --parallelism P"
echo "N = $records and $short, P = 1 and 2 alternating, $rounds rounds"

# run P COUNT: one run; prints "inserts seconds cpu-s wall-s"
run() {
    local parallelism="$1" count="$2"
    if ! /usr/bin/time -f '%U %S %e' -o "$work/time" java -jar "$jar" ann --source "$source" --max-records "$count" \
            "${options[@]}" --parallelism "$parallelism" --summary "$work/summary.json" > "$work/out.log" 2>&1; then
        echo "run failed: --parallelism $parallelism --max-records $count" >&2
        tail -20 "$work/out.log" >&2
        exit 1
    fi
    python3 - "$work/summary.json" "$work/time" "$count" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
user, system, wall = (float(x) for x in open(sys.argv[2]).read().split())
print(int(sys.argv[3]) - summary["ann"]["queries"], summary["seconds"], f"{user + system:.2f}", f"{wall:.2f}")
PY
}

for ((i = 1; i <= rounds; i++)); do
    for p in 1 2; do
        echo "$(run "$p" "$records") $(run "$p" "$short")" >> "$work/p$p"
        echo "round $i, parallelism $p: $(tail -1 "$work/p$p")" \
            "(long: inserts, run s, CPU-s, wall s; then short)"
    done
done

python3 - "$work" <<'PY'
import statistics, sys
work = sys.argv[1]
median = {}
for p in (1, 2):
    rates, cpus, cores = [], [], []
    for line in open(f"{work}/p{p}"):
        n, s, cpu, wall, n0, s0, cpu0, wall0 = (float(x) for x in line.split())
        rates.append((n - n0) / (s - s0))
        cpus.append((cpu - cpu0) / (n - n0) * 1e6)
        cores.append(cpu / wall)
    median[p] = statistics.median(rates)
    print(f"parallelism {p}: inserts/s " + ", ".join(f"{r:,.0f}" for r in rates) + f"; median {median[p]:,.0f}")
    print(f"               CPU-us per insert " + ", ".join(f"{c:.1f}" for c in cpus)
          + f"; median {statistics.median(cpus):.1f}; cores used (long runs) {statistics.median(cores):.2f}")
print(f"p2/p1 inserts/s (medians, same run): {median[2] / median[1]:.2f} (target >= 1.6)")
PY
