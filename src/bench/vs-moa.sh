#!/usr/bin/env bash
# Side by side with MOA on the same files: prequential accuracy, Cohen's kappa and records/s of
# MOA's HoeffdingTree, HoeffdingAdaptiveTree, AdaptiveRandomForest (10 trees) and LeveragingBag
# (MOA's EvaluatePrequential with the cumulative BasicClassificationPerformanceEvaluator) and of
# every flink-drift classifier (the classify job at parallelism 1; records/s over processing, so
# start-up does not count), on Elec2 (6 and 8 features), the SEA file and the sea, hyperplane and
# rbf generators (dumped to CSV first, so both read the same records).
#
# MOA (GPL) is downloaded from Maven Central at benchmark time into $MOA_CACHE
# (default ~/.cache/flink-drift-moa); it is never a dependency of the build.
#
# Usage: src/bench/vs-moa.sh [DATA_DIR] [ROWS] [REPEATS]   (build first: mvn -B -q package -DskipTests)
#   DATA_DIR holds elec2.csv, elec2-normalized-with-time.csv and sea-abrupt.csv (default
#   ../shared/data; a missing file is skipped); ROWS (default 100000) caps every input; speed is
#   the median of REPEATS (default 3) runs, MOA and flink-drift runs alternating.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data}
ROWS=${2:-100000}
REPEATS=${3:-3}
JAR=${JAR:-jobs/target/flink-drift-jobs.jar}
MOA_VERSION=2024.07.0
CACHE=${MOA_CACHE:-$HOME/.cache/flink-drift-moa}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
MOA_LEARNERS=("trees.HoeffdingTree" "trees.HoeffdingAdaptiveTree" "(meta.AdaptiveRandomForest -s 10)" "meta.LeveragingBag")
OUR_LEARNERS=(no-change kalman rls rvfl kalman-rvfl kalman-rvfl-switch)

if [ ! -f "$CACHE/lib/moa-$MOA_VERSION.jar" ]; then
  mkdir -p "$CACHE"
  cat > "$CACHE/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>moa-download</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>nz.ac.waikato.cms.moa</groupId><artifactId>moa</artifactId><version>$MOA_VERSION</version></dependency>
  </dependencies>
</project>
POM
  echo "downloading MOA $MOA_VERSION into $CACHE" >&2
  mvn -B -q -f "$CACHE/pom.xml" -Dmaven.repo.local="$CACHE/repository" \
      dependency:copy-dependencies -DoutputDirectory="$CACHE/lib" >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Inputs as CSV (features..., label last) of at most ROWS rows, and the same as ARFF for MOA.
cat > "$WORK/Dump.java" <<'JAVA'
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.records.Example;
import java.io.PrintWriter;

/** Writes ROWS records of a generator spec as CSV: x0..x(d-1),label. */
public class Dump {
    public static void main(String[] args) throws Exception {
        DriftGenerator generator = Generators.fromSpec(args[0]);
        long rows = Long.parseLong(args[1]);
        try (PrintWriter out = new PrintWriter(args[2])) {
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < generator.dimension(); j++) {
                header.append('x').append(j).append(',');
            }
            out.println(header.append("label"));
            for (long i = 0; i < rows; i++) {
                Example e = generator.generate(i);
                StringBuilder line = new StringBuilder();
                for (double x : e.features) {
                    line.append(x).append(',');
                }
                out.println(line.append((int) e.label));
            }
        }
    }
}
JAVA
NAMES=()
add_file() { # name, path
  [ -f "$2" ] || { echo "skipping $1: no $2" >&2; return 0; }
  head -n $((ROWS + 1)) "$2" | tr -d '"' > "$WORK/$1.csv"
  NAMES+=("$1")
}
add_file elec2 "$DATA/elec2.csv"
add_file elec2-with-time "$DATA/elec2-normalized-with-time.csv"
add_file sea-abrupt "$DATA/sea-abrupt.csv"
for spec in sea hyperplane rbf; do
  java -cp "$JAR" "$WORK/Dump.java" "$spec" "$ROWS" "$WORK/$spec.csv"
  NAMES+=("$spec")
done
for name in "${NAMES[@]}"; do
  python3 - "$WORK/$name.csv" "$WORK/$name.arff" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
header, data = rows[0], rows[1:]
labels = sorted({r[-1] for r in data})
with open(sys.argv[2], "w") as out:
    out.write("@relation data\n")
    for name in header[:-1]:
        out.write(f"@attribute {name} numeric\n")
    out.write("@attribute class {" + ",".join(labels) + "}\n@data\n")
    for r in data:
        out.write(",".join(r) + "\n")
PY
done

# One run: prints "accuracy kappa records/s".
moa() { # learner, name
  local rows
  rows=$(($(wc -l < "$WORK/$2.csv") - 1))
  java -cp "$CACHE/lib/*" moa.DoTask "EvaluatePrequential -l $1 -s (ArffFileStream -f $WORK/$2.arff) \
      -e BasicClassificationPerformanceEvaluator -i $rows -f $rows" 2>/dev/null | python3 -c '
import csv, sys
rows = [r for r in csv.reader(sys.stdin) if r]
start = next(i for i, r in enumerate(rows) if r[0] == "learning evaluation instances")
header = rows[start]; last = [r for r in rows[start + 1:] if len(r) == len(header)][-1]
v = dict(zip(header, last))
n = float(v["learning evaluation instances"]); t = float(v["evaluation time (cpu seconds)"])
print("%.4f %.4f %.0f" % (float(v["classifications correct (percent)"]) / 100,
                          float(v["Kappa Statistic (percent)"]) / 100, n / t if t > 0 else float("inf")))'
}
ours() { # learner, name
  java -jar "$JAR" classify --source "file:$WORK/$2.csv" --label "$(head -1 "$WORK/$2.csv" | awk -F, '{print $NF}')" \
      --learner "$1" --sink none --progress-interval 0 --summary "$WORK/summary.json" >/dev/null 2>&1
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); c = d["classification"]
print("%.4f %.4f %.0f" % (c["accuracy"], c["kappa"], d["recordsPerSecond"]))' "$WORK/summary.json"
}

RESULTS="$WORK/results"
: > "$RESULTS"
for repeat in $(seq "$REPEATS"); do
  for name in "${NAMES[@]}"; do
    for i in "${!OUR_LEARNERS[@]}"; do
      if [ "$i" -lt "${#MOA_LEARNERS[@]}" ]; then
        echo "$name|MOA ${MOA_LEARNERS[$i]}|$(moa "${MOA_LEARNERS[$i]}" "$name")" >> "$RESULTS"
      fi
      echo "$name|${OUR_LEARNERS[$i]}|$(ours "${OUR_LEARNERS[$i]}" "$name")" >> "$RESULTS"
    done
  done
done
python3 - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, learner, values = line.rstrip("\n").split("|")
    accuracy, kappa, speed = values.split()
    runs.setdefault((name, learner), []).append((accuracy, kappa, float(speed)))
print("| data | learner | accuracy | kappa | records/s (median) |")
print("|---|---|---|---|---|")
for (name, learner), values in runs.items():
    print(f"| {name} | {learner} | {values[0][0]} | {values[0][1]} | {statistics.median(v[2] for v in values):.0f} |")
PY
