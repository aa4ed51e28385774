#!/usr/bin/env bash
# The experts density estimator against the paper's adaptive window and every fixed window from 8 to
# the stream length, side by side (mean prequential log-density, nats per element, higher is better),
# with its drift events and their delay after each abrupt change; then the density job's own summary
# for experts on each set, which must repeat the first table's figure.
# Usage: src/bench/density-windows.sh ELEC2.csv ELEC2-WITH-TIME.csv SEA.csv
#   (the Elec2 file with columns nswprice,nswdemand; the normalised Elec2 with date/day columns;
#   a CSV with columns x1,x2,x3; build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 3 ] || { echo "usage: $0 ELEC2.csv ELEC2-WITH-TIME.csv SEA.csv" >&2; exit 1; }
ELEC2=$(realpath "$1") ELEC2_TIME=$(realpath "$2") SEA_FILE=$(realpath "$3")
JAR=jobs/target/flink-drift-jobs.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
mvn -B -q -pl operators -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null

# label | source | features | grid lo | grid hi | bins per feature | elements | abrupt or gradual
SETS=(
  "mixture abrupt|synthetic:mixture?mode=abrupt&period=4000&driftSpeed=0.0004|-|-12|12|12|40000|abrupt"
  "mixture gradual|synthetic:mixture|-|-12|12|12|100000|gradual"
  "Elec2|file:$ELEC2|nswprice,nswdemand|0|1|12|100000|gradual"
  "held out: mixture abrupt, seed 7, d = 3|synthetic:mixture?mode=abrupt&period=6000&driftSpeed=0.0003&dimension=3&seed=7|-|-12|12|8|60000|abrupt"
  "held out: Elec2 with time, vicprice,vicdemand|file:$ELEC2_TIME|vicprice,vicdemand|0|1|12|100000|gradual"
  "held out: Elec2 with time, period,nswdemand|file:$ELEC2_TIME|period,nswdemand|0|1|12|100000|gradual"
  "held out: SEA file x1,x2,x3|file:$SEA_FILE|x1,x2,x3|0|10|8|100000|gradual"
  "held out: hyperplane d = 2|synthetic:hyperplane?dimension=2|-|0|1|12|50000|gradual"
)
java -cp "operators/target/test-classes:operators/target/classes:$(cat operators/target/cp.txt)" \
    io.flinkdrift.bench.DensityWindows "${SETS[@]}"

echo
echo "| data set | density job: experts mean log-density | drift events |"
echo "|---|---|---|"
SUMMARY=$(mktemp)
trap 'rm -f "$SUMMARY"' EXIT
for set in "${SETS[@]}"; do
  IFS='|' read -r label source features lo hi bins elements _ <<<"$set"
  selection=()
  [ "$features" = "-" ] || selection=(--features "$features")
  java -jar "$JAR" density --source "$source" "${selection[@]}" --estimator experts --grid-lo "$lo" --grid-hi "$hi" \
      --bins "$bins" --max-records "$elements" --sink none --progress-interval 0 --summary "$SUMMARY" >/dev/null 2>&1
  python3 - "$label" "$SUMMARY" <<'PY'
import json, sys
label, path = sys.argv[1:]
d = json.load(open(path))["density"]
print(f"| {label} | {d['meanLogDensity']:.4f} | {d['driftEvents']} |")
PY
done
