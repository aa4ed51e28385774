#!/usr/bin/env bash
# Reproduces the README's learner table: prequential accuracy, kappa and log-loss of every learner
# on Elec2 (at parallelism 1 and 2) and on the SEA generator.
# Usage: src/bench/elec2-learners.sh [path/to/elec2.csv]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=jobs/target/flink-drift-jobs.jar
ELEC2=${1:-../shared/data/elec2.csv}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
[ -f "$ELEC2" ] || { echo "no Elec2 file at $ELEC2" >&2; exit 1; }
SUMMARY=$(mktemp)
trap 'rm -f "$SUMMARY"' EXIT

row() { # label
  python3 - "$1" "$SUMMARY" <<'PY'
import json, sys
label, path = sys.argv[1:]
d = json.load(open(path))
c = d["classification"]
print(f"| {label} | {c['accuracy']:.4f} | {c['kappa']:.4f} | {c['logLoss']:.3f} | {c['brier']:.4f} |")
PY
}

echo "| run | accuracy | kappa | log-loss | Brier |"
echo "|---|---|---|---|---|"
for learner in no-change majority kalman rls rvfl; do
  for parallelism in 1 2; do
    java -jar "$JAR" classify --source "file:$ELEC2" --label class --learner "$learner" --parallelism "$parallelism" \
        --sink none --progress-interval 0 --summary "$SUMMARY" >/dev/null 2>&1
    row "Elec2 $learner p=$parallelism"
  done
done
for learner in no-change majority kalman rls rvfl; do
  java -jar "$JAR" classify --source synthetic:sea --learner "$learner" \
      --sink none --progress-interval 0 --summary "$SUMMARY" >/dev/null 2>&1
  row "SEA $learner"
done
