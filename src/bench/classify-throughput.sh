#!/usr/bin/env bash
# End-to-end throughput of `classify` on the rotating-hyperplane generator (8 keys, so that
# parallelism has keys to spread): the kalman learner against the no-change baseline of the same
# run, at parallelism 1 and 2, on the heap and RocksDB state backends. Prints records/s from each
# run's --summary (records / job net runtime, so JVM start-up is excluded).
#
# Usage: src/bench/classify-throughput.sh [RECORDS] (default 200000), from the repository root
# after `mvn -B -o -pl connectors,operators,jobs -am package -DskipTests`. JAR overrides the jar.
# Compare with a single-core Hoeffding tree in MOA, ~88k records/s (CapyMOA results file).
set -euo pipefail

records="${1:-200000}"
jar="${JAR:-jobs/target/flink-drift-jobs.jar}"
source_spec="synthetic:hyperplane?keys=8&seed=1"
[[ -f "$jar" ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "classify --source $source_spec --max-records $records"
printf '%-10s %-8s %11s %10s %13s %9s\n' learner backend parallelism seconds records/s accuracy
for learner in kalman no-change; do
    for backend in heap rocksdb; do
        for parallelism in 1 2; do
            summary="$work/$learner-$backend-$parallelism.json"
            if ! java -jar "$jar" classify --source "$source_spec" --max-records "$records" \
                    --learner "$learner" --state-backend "$backend" --parallelism "$parallelism" \
                    --sink none --dead-letter none --progress-interval 0 --summary "$summary" \
                    > "$work/out.log" 2>&1; then
                echo "run failed: $learner $backend p=$parallelism" >&2
                tail -20 "$work/out.log" >&2
                exit 1
            fi
            python3 - "$summary" "$learner" "$backend" "$parallelism" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
accuracy = (s.get("classification") or {}).get("accuracy", float("nan"))
print("%-10s %-8s %11s %10.2f %13d %9.4f" % (sys.argv[2], sys.argv[3], sys.argv[4], s["seconds"],
                                             s["recordsPerSecond"], accuracy))
PY
        done
    done
done
