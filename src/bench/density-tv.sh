#!/usr/bin/env bash
# Reproduces the README's density table: mean total-variation error (mixture generator, where the
# true distribution is known) or mean prequential log-density (SEA, Elec2) of every estimator.
# Usage: src/bench/density-tv.sh [path/to/elec2.csv]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=jobs/target/flink-drift-jobs.jar
ELEC2=${1:-../shared/data/elec2.csv}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
SUMMARY=$(mktemp)
trap 'rm -f "$SUMMARY"' EXIT

ESTIMATORS=(
  "adaptive|--estimator adaptive"
  "adaptive c=0.5|--estimator adaptive --threshold-multiplier 0.5"
  "fixed 256|--estimator fixed --window 256"
  "fixed 1024|--estimator fixed --window 1024"
  "fixed 4096|--estimator fixed --window 4096"
  "exponential 0.99|--estimator exponential --decay 0.99"
  "exponential 0.999|--estimator exponential --decay 0.999"
  "kde|--estimator kde"
)

run() { # stream-label source options...
  local label=$1 source=$2
  shift 2
  for entry in "${ESTIMATORS[@]}"; do
    local name=${entry%%|*} options=${entry#*|}
    # shellcheck disable=SC2086
    java -jar "$JAR" density --source "$source" "$@" $options --max-window-exponent 12 \
        --sink none --progress-interval 0 --summary "$SUMMARY" >/dev/null 2>&1
    python3 - "$label" "$name" "$SUMMARY" <<'PY'
import json, sys
label, name, path = sys.argv[1:]
d = json.load(open(path))["density"]
tv = d.get("meanTotalVariation")
print(f"| {label} | {name} | {'-' if tv is None else f'{tv:.3f}'} | {d['meanLogDensity']:.3f} | {d['driftEvents']} | {d['meanWindow']:.0f} |")
PY
  done
}

echo "| stream | estimator | mean TV | mean log-density | drift events | mean window |"
echo "|---|---|---|---|---|---|"
run "mixture abrupt 40k" 'synthetic:mixture?mode=abrupt&period=4000&driftSpeed=0.0004' \
    --max-records 40000 --grid-lo -12 --grid-hi 12 --bins 12 --cadence 500
run "mixture gradual 100k" 'synthetic:mixture' --max-records 100000 --grid-lo -12 --grid-hi 12 --bins 12 --cadence 500
run "SEA 50k" 'synthetic:sea' --max-records 50000 --grid-lo 0 --grid-hi 10 --bins 8 --cadence 500
if [ -f "$ELEC2" ]; then
  run "Elec2" "file:$ELEC2" --features nswprice,nswdemand --grid-lo 0 --grid-hi 1 --bins 12 --cadence 500
fi
