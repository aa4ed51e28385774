#!/usr/bin/env bash
# Side by side with MOA on the same files: prequential accuracy, Cohen's kappa and records/s of
# MOA's HoeffdingTree, HoeffdingAdaptiveTree, AdaptiveRandomForest (10 trees) and LeveragingBag
# (MOA's EvaluatePrequential with the cumulative BasicClassificationPerformanceEvaluator) and of
# every flink-drift classifier (the classify job at parallelism 1), on Elec2 (6 and 8 features),
# the SEA file and the sea, hyperplane and rbf generators (dumped to CSV first, so both read the
# same records). A second timing runs the MOA learners and the flink-drift cores in one JVM on the
# same records held in memory; the last table checks issue 14's must-show bullets.
#
# Columns of the first table:
#   accuracy, kappa               prequential (predict, then train), cumulative over the whole input
#   records/s, end to end         records per CPU-second net of start-up, measured alike for both:
#                                 whole-process CPU (user + system of the JVM and its children, every
#                                 thread: parsing, JIT, GC, Flink's) of the run on the input minus that
#                                 of the same command on the input's first row alone. MOA: its
#                                 EvaluatePrequential task (the thread-CPU figure MOA prints itself
#                                 leaves out its JIT and GC threads, so it is not used). flink-drift:
#                                 the classify job. The one-row run uses the same JVM as the full run:
#                                 java -jar re-executes in a start-up tuned JVM for files up to 16 MB
#                                 (README, Start-up), so for a larger input the one-row run is given
#                                 an empty JDK_JAVA_OPTIONS, which keeps the JVM's defaults as well
#   records/s, core (same JVM)    records per CPU-second of the learning thread, one JVM, records in
#                                 memory, a fresh model per pass (no parsing, no framework)
#
# MOA (GPL) is downloaded from Maven Central at benchmark time into $MOA_CACHE
# (default ~/.cache/flink-drift-moa); it is never a dependency of the build.
#
# Usage: src/bench/vs-moa.sh [DATA_DIR] [ROWS] [REPEATS]   (build first: mvn -B -q package -DskipTests)
#   DATA_DIR holds elec2.csv, elec2-normalized-with-time.csv and sea-abrupt.csv (default
#   ../shared/data; a missing file is skipped); ROWS (default 100000) caps every input; speed is
#   the median of REPEATS (default 3) runs, MOA and flink-drift runs alternating. Every run's
#   figures are echoed on stderr as it ends; the tables go to stdout. LEARNERS="a b ..." runs only
#   those flink-drift learners (default: every one; the default learner and no-change are always run,
#   as the last table needs them).
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
DEFAULT_LEARNER=ensemble-switch
if [ -n "${LEARNERS:-}" ]; then
  read -r -a OUR_LEARNERS <<< "no-change $DEFAULT_LEARNER $LEARNERS"
  OUR_LEARNERS=($(printf '%s\n' "${OUR_LEARNERS[@]}" | awk '!seen[$0]++'))
else
  OUR_LEARNERS=(no-change kalman rls rvfl kalman-rvfl kalman-rvfl-switch passive-aggressive knn ensemble-switch)
fi

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
cat > "$WORK/CoreSpeed.java" <<'JAVA'
import com.yahoo.labs.samoa.instances.Instance;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moa.classifiers.Classifier;
import moa.options.ClassOption;
import moa.streams.ArffFileStream;

/**
 * Core speed in one JVM: prequential (predict, then learn) passes of MOA classifiers and
 * flink-drift cores over the same records held in memory, timed in thread CPU time, each pass
 * with a fresh model, MOA and flink-drift passes alternating. Prints one line per learner:
 * "learner accuracy records/s" (records/s the median of the passes).
 * Usage: CoreSpeed CSV ARFF REPEATS MOA_LEARNER... -- OUR_LEARNER...
 */
public class CoreSpeed {
    public static void main(String[] args) throws Exception {
        List<String> moaLearners = new ArrayList<>(), ourLearners = new ArrayList<>();
        List<String> target = moaLearners;
        for (String a : Arrays.copyOfRange(args, 3, args.length)) {
            if (a.equals("--")) { target = ourLearners; } else { target.add(a); }
        }
        int repeats = Integer.parseInt(args[2]);
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        int n = lines.size() - 1;
        double[][] x = new double[n][];
        int[] y = new int[n];
        Map<String, Integer> classes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            x[i] = new double[cells.length - 1];
            for (int j = 0; j < x[i].length; j++) { x[i][j] = Double.parseDouble(cells[j]); }
            y[i] = classes.computeIfAbsent(cells[cells.length - 1], c -> classes.size());
        }
        ArffFileStream stream = new ArffFileStream(args[1], -1);
        stream.prepareForUse();
        List<Instance> instances = new ArrayList<>();
        while (stream.hasMoreInstances()) { instances.add(stream.nextInstance().getData()); }
        Map<String, List<double[]>> runs = new HashMap<>();
        int rounds = Math.max(moaLearners.size(), ourLearners.size());
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < rounds; i++) {
                if (i < moaLearners.size()) {
                    String cli = moaLearners.get(i);
                    runs.computeIfAbsent("MOA " + cli, k -> new ArrayList<>()).add(moa(cli, stream, instances));
                }
                if (i < ourLearners.size()) {
                    String name = ourLearners.get(i);
                    runs.computeIfAbsent(name, k -> new ArrayList<>()).add(ours(name, x, y));
                }
            }
        }
        for (Map.Entry<String, List<double[]>> e : runs.entrySet()) {
            double[] speeds = e.getValue().stream().mapToDouble(v -> v[1]).sorted().toArray();
            System.out.printf("%s|%.4f|%.0f%n", e.getKey(), e.getValue().get(0)[0], speeds[speeds.length / 2]);
        }
    }

    /** {accuracy, records per CPU-second} of one pass. */
    static double[] moa(String cli, ArffFileStream stream, List<Instance> instances) throws Exception {
        String unwrapped = cli.replaceAll("^\\((.*)\\)$", "$1"); // the shell's "(meta.X -s 10)"
        Classifier c = (Classifier) ClassOption.cliStringToObject(unwrapped, Classifier.class, null);
        c.setModelContext(stream.getHeader());
        c.prepareForUse();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime(), correct = 0;
        for (Instance inst : instances) {
            if (argmax(c.getVotesForInstance(inst)) == (int) inst.classValue()) { correct++; }
            c.trainOnInstance(inst);
        }
        double seconds = (cpu.getCurrentThreadCpuTime() - start) / 1e9;
        return new double[] {(double) correct / instances.size(), instances.size() / seconds};
    }

    static double[] ours(String name, double[][] x, int[] y) {
        LearnerDeclaration<?> declaration = LearnerRegistry.classifier(name);
        OnlineClassifier c = (OnlineClassifier) declaration.factory(declaration.defaultValues()).create(x[0].length);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime(), correct = 0;
        for (int i = 0; i < x.length; i++) {
            if (argmax(c.predictProbabilities(x[i])) == y[i]) { correct++; }
            c.learn(x[i], y[i]);
        }
        double seconds = (cpu.getCurrentThreadCpuTime() - start) / 1e9;
        return new double[] {(double) correct / x.length, x.length / seconds};
    }

    /** The first index of the largest vote, -1 for no votes. */
    static int argmax(double[] votes) {
        int best = -1;
        for (int k = 0; k < votes.length; k++) {
            if (best < 0 || votes[k] > votes[best]) { best = k; }
        }
        return best;
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

# Whole-process CPU-seconds (user + system) of a command, its children included.
cpu_seconds() {
  /usr/bin/time -f '%U %S' -o "$WORK/time" "$@" >/dev/null 2>&1
  awk '{print $1 + $2}' "$WORK/time"
}
# One run: prints "accuracy kappa records/s".
moa() { # learner, name
  local rows header cpu startup
  rows=$(($(wc -l < "$WORK/$2.csv") - 1))
  header=$(grep -n -m1 '^@data' "$WORK/$2.arff" | cut -d: -f1)
  head -n $((header + 1)) "$WORK/$2.arff" > "$WORK/one-row.arff"
  startup=$(cpu_seconds java -cp "$CACHE/lib/*" moa.DoTask "EvaluatePrequential -l $1 \
      -s (ArffFileStream -f $WORK/one-row.arff) -e BasicClassificationPerformanceEvaluator -i 1 -f 1")
  /usr/bin/time -f '%U %S' -o "$WORK/time" java -cp "$CACHE/lib/*" moa.DoTask "EvaluatePrequential -l $1 \
      -s (ArffFileStream -f $WORK/$2.arff) -e BasicClassificationPerformanceEvaluator -i $rows -f $rows" \
      > "$WORK/moa.out" 2>/dev/null
  cpu=$(awk '{print $1 + $2}' "$WORK/time")
  python3 -c '
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1])) if r]
start = next(i for i, r in enumerate(rows) if r[0] == "learning evaluation instances")
header = rows[start]; last = [r for r in rows[start + 1:] if len(r) == len(header)][-1]
v = dict(zip(header, last))
n = float(v["learning evaluation instances"]); net = float(sys.argv[2]) - float(sys.argv[3])
print("%.4f %.4f %.0f" % (float(v["classifications correct (percent)"]) / 100,
                          float(v["Kappa Statistic (percent)"]) / 100, n / net if net > 0 else float("inf")))' \
      "$WORK/moa.out" "$cpu" "$startup"
}
ours() { # learner, name
  local label args rows cpu startup
  label=$(head -1 "$WORK/$2.csv" | awk -F, '{print $NF}')
  args=(--label "$label" --learner "$1" --sink none --progress-interval 0)
  head -2 "$WORK/$2.csv" > "$WORK/one-row.csv"
  if [ "$(wc -c < "$WORK/$2.csv")" -gt $((16 << 20)) ]; then
    startup=$(JDK_JAVA_OPTIONS= cpu_seconds java -jar "$JAR" classify --source "file:$WORK/one-row.csv" "${args[@]}")
  else
    startup=$(cpu_seconds java -jar "$JAR" classify --source "file:$WORK/one-row.csv" "${args[@]}")
  fi
  cpu=$(cpu_seconds java -jar "$JAR" classify --source "file:$WORK/$2.csv" "${args[@]}" --summary "$WORK/summary.json")
  rows=$(($(wc -l < "$WORK/$2.csv") - 2))
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); c = d["classification"]
net = float(sys.argv[2]) - float(sys.argv[3])
print("%.4f %.4f %.0f" % (c["accuracy"], c["kappa"], int(sys.argv[4]) / net if net > 0 else float("inf")))' \
      "$WORK/summary.json" "$cpu" "$startup" "$rows"
}

RESULTS="$WORK/results"
: > "$RESULTS"
for repeat in $(seq "$REPEATS"); do
  for name in "${NAMES[@]}"; do
    for i in "${!OUR_LEARNERS[@]}"; do
      if [ "$i" -lt "${#MOA_LEARNERS[@]}" ]; then
        echo "$name|MOA ${MOA_LEARNERS[$i]}|$(moa "${MOA_LEARNERS[$i]}" "$name")" | tee -a "$RESULTS" >&2
      fi
      echo "$name|${OUR_LEARNERS[$i]}|$(ours "${OUR_LEARNERS[$i]}" "$name")" | tee -a "$RESULTS" >&2
    done
  done
done
CORE="$WORK/core"
: > "$CORE"
for name in "${NAMES[@]}"; do
  java -cp "$JAR:$CACHE/lib/*" "$WORK/CoreSpeed.java" "$WORK/$name.csv" "$WORK/$name.arff" "$REPEATS" \
      "${MOA_LEARNERS[@]}" -- "${OUR_LEARNERS[@]}" 2>/dev/null | sed "s/^/$name|/" | tee -a "$CORE" >&2
done
python3 - "$RESULTS" "$CORE" "$DEFAULT_LEARNER" <<'PY'
import statistics, sys
runs, core = {}, {}
for line in open(sys.argv[1]):
    name, learner, values = line.rstrip("\n").split("|")
    accuracy, kappa, speed = values.split()
    runs.setdefault((name, learner), []).append((float(accuracy), float(kappa), float(speed)))
for line in open(sys.argv[2]):
    name, learner, accuracy, speed = line.rstrip("\n").split("|")
    core[(name, learner)] = float(speed)
default = sys.argv[3]
speed = {key: statistics.median(v[2] for v in values) for key, values in runs.items()}
print("| data | learner | accuracy | kappa | records/s, end to end | records/s, core (same JVM) |")
print("|---|---|---|---|---|---|")
for (name, learner), values in runs.items():
    print(f"| {name} | {learner} | {values[0][0]:.4f} | {values[0][1]:.4f} | {speed[name, learner]:.0f} "
          f"| {core.get((name, learner), float('nan')):.0f} |")
print()
print(f"| data | best flink-drift | ARF(10) | best >= ARF | default ({default}) | no-change | HAT "
      "| default >= no-change and HAT | default / ARF records/s, end to end | same, core |")
print("|---|---|---|---|---|---|---|---|---|---|")
arf, hat = "MOA (meta.AdaptiveRandomForest -s 10)", "MOA trees.HoeffdingAdaptiveTree"
yes = lambda holds: "yes" if holds else "**no**"
for name in dict.fromkeys(n for n, _ in runs):
    acc = {learner: values[0][0] for (n, learner), values in runs.items() if n == name}
    ours = {l: a for l, a in acc.items() if not l.startswith("MOA ") and l != "no-change"}
    best = max(ours, key=ours.get)
    print(f"| {name} | {best} {ours[best]:.4f} | {acc[arf]:.4f} | {yes(ours[best] >= acc[arf])} "
          f"| {acc[default]:.4f} | {acc['no-change']:.4f} | {acc[hat]:.4f} "
          f"| {yes(acc[default] >= acc['no-change'] and acc[default] >= acc[hat])} "
          f"| {speed[name, default] / speed[name, arf]:.1f} | {core[name, default] / core[name, arf]:.1f} |")
PY
