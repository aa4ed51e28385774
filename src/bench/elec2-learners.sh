#!/usr/bin/env bash
# Reproduces the README's learner table: prequential accuracy of every classifier at its defaults
# on Elec2 (6 features, and 8 with date and day), the SEA file and the sea, hyperplane and rbf
# generators (100,000 records each; rbf also with 10 classes and abrupt class swaps), with the
# no-change baseline among the learners. One run per cell, at parallelism 1.
# Usage: src/bench/elec2-learners.sh [DATA_DIR]   (build first: mvn -B -q package -DskipTests)
#   DATA_DIR holds elec2.csv, elec2-normalized-with-time.csv and sea-abrupt.csv (default
#   ../shared/data); a missing file's row is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-jobs/target/flink-drift-jobs.jar}
DATA=${1:-../shared/data}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
SUMMARY=$(mktemp)
trap 'rm -f "$SUMMARY"' EXIT
LEARNERS=(ensemble-switch no-change majority kalman rls rvfl kalman-rvfl kalman-rvfl-switch passive-aggressive knn)

accuracy() { # classify args...
  java -jar "$JAR" classify "$@" --sink none --progress-interval 0 --summary "$SUMMARY" >/dev/null 2>&1
  python3 -c 'import json, sys; print("%.4f" % json.load(open(sys.argv[1]))["classification"]["accuracy"])' "$SUMMARY"
}

row() { # name, classify args...
  local name=$1 cells=""
  shift
  for learner in "${LEARNERS[@]}"; do
    cells="$cells | $(accuracy "$@" --learner "$learner")"
  done
  echo "| $name$cells |"
}

echo "| data |$(printf ' %s |' "${LEARNERS[@]}")"
echo "|---|$(printf -- '---|%.0s' "${LEARNERS[@]}")"
for file in elec2.csv elec2-normalized-with-time.csv; do
  [ -f "$DATA/$file" ] && row "$file" --source "file:$DATA/$file" --label class
done
[ -f "$DATA/sea-abrupt.csv" ] && row sea-abrupt.csv --source "file:$DATA/sea-abrupt.csv" --label label
for spec in sea hyperplane rbf 'rbf?classes=10&swapEvery=20000'; do
  row "synthetic:$spec" --source "synthetic:$spec"
done
