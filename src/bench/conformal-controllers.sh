#!/usr/bin/env bash
# Reproduces the README's conformal controller tables in one run: coverage, worst 300-step coverage
# and mean width of every controller (and of the ACI and rolling split conformal baselines) on ELEC2
# at alpha = 0.1 and 0.05, and the mean false-negative rate of the synthetic multilabel task of
# Farinhas et al. (iid, changepoints, drift; noise 0.1 and 1.0).
# Usage: src/bench/conformal-controllers.sh [path/to/elec2-normalized-with-time.csv]
#        (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=jobs/target/flink-drift-jobs.jar
ELEC2=${1:-../shared/data/elec2-normalized-with-time.csv}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
[ -f "$ELEC2" ] || { echo "no ELEC2 file at $ELEC2" >&2; exit 1; }
java -cp "$JAR" io.flinkdrift.jobs.conformal.ControllerComparison "$ELEC2"
