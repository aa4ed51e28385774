package io.flinkdrift.jobs.density;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.testing.CommittedFiles;
import io.flinkdrift.operators.density.DensityEstimatorDeclaration;
import io.flinkdrift.operators.density.DensityEstimatorRegistry;
import org.apache.flink.ml.param.Param;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code density} job end to end on a mini-cluster, on the mixture generator with an abrupt
 * change every {@value #PERIOD} records (the means rotate by 1.6 rad at each boundary).
 */
class DensityJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int PERIOD = 4000;
    private static final int RECORDS = 4 * PERIOD;
    private static final String SOURCE =
            "synthetic:mixture?mode=abrupt&period=" + PERIOD + "&driftSpeed=0.0004&seed=3";

    @TempDir
    Path dir;

    private JsonNode run(String name, String... estimatorArgs) throws Exception {
        Path summary = dir.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of("density", "--source", SOURCE,
                "--max-records", String.valueOf(RECORDS), "--grid-lo", "-12", "--grid-hi", "12", "--bins", "12",
                "--cadence", "500", "--sink", "none", "--progress-interval", "0",
                "--checkpoint-interval", "0", "--summary", summary.toString()));
        args.addAll(List.of(estimatorArgs));
        StringWriter err = new StringWriter();
        int exit = FlinkDrift.commandLine().setErr(new PrintWriter(err)).execute(args.toArray(new String[0]));
        assertEquals(0, exit, err.toString());
        return new ObjectMapper().readTree(summary.toFile()).get("density");
    }

    /**
     * A generator's readers emit each key in the subtask that owns it, so the estimators read them
     * without a shuffle; every score is the same at parallelism 1 and 2 (8 keys, exact JSON equality).
     */
    @Test
    void scoresOfAKeyedGeneratorAreTheSameAtParallelismOneAndTwo() throws Exception {
        List<TreeMap<Long, JsonNode>> byParallelism = new ArrayList<>();
        for (String parallelism : List.of("1", "2")) {
            Path out = dir.resolve("scores-p" + parallelism);
            StringWriter err = new StringWriter();
            int exit = FlinkDrift.commandLine().setErr(new PrintWriter(err)).execute("density", "--source",
                    SOURCE + "&keys=8", "--max-records", "6000", "--grid-lo", "-12", "--grid-hi", "12",
                    "--bins", "12", "--parallelism", parallelism, "--sink", "file:" + out,
                    "--progress-interval", "0");
            assertEquals(0, exit, err.toString());
            TreeMap<Long, JsonNode> scores = new TreeMap<>();
            for (JsonNode score : CommittedFiles.jsonLines(out)) {
                scores.put(score.get("id").asLong(), score);
            }
            assertEquals(6000, scores.size());
            byParallelism.add(scores);
        }
        assertEquals(byParallelism.get(0), byParallelism.get(1));
    }

    /**
     * Bundled state access (with object reuse, as every job runs): the scores written with bundles of
     * 7 and 1000 elements, at parallelism 1 and 2, are those of record-at-a-time processing at
     * parallelism 1 ({@code --bundle-size 1}), as exact JSON.
     */
    @Test
    void scoresAreTheSameForAnyBundleSizeAtParallelismOneAndTwo() throws Exception {
        TreeMap<Long, JsonNode> expected = null;
        for (String parallelism : List.of("1", "2")) {
            for (String bundleSize : List.of("1", "7", "1000")) {
                Path out = dir.resolve("scores-p" + parallelism + "-b" + bundleSize);
                StringWriter err = new StringWriter();
                int exit = FlinkDrift.commandLine().setErr(new PrintWriter(err)).execute("density", "--source",
                        SOURCE + "&keys=5", "--max-records", "5000", "--grid-lo", "-12", "--grid-hi", "12",
                        "--bins", "12", "--parallelism", parallelism, "--bundle-size", bundleSize, "--sink",
                        "file:" + out, "--progress-interval", "0");
                assertEquals(0, exit, err.toString());
                TreeMap<Long, JsonNode> scores = new TreeMap<>();
                for (JsonNode score : CommittedFiles.jsonLines(out)) {
                    scores.put(score.get("id").asLong(), score);
                }
                assertEquals(5000, scores.size());
                if (expected == null) {
                    expected = scores;
                } else {
                    assertEquals(expected, scores, "parallelism " + parallelism + ", bundles of " + bundleSize);
                }
            }
        }
    }

    @Test
    void adaptiveWindowDetectsTheChangesAndTracksTheTruthBetterThanTheLargestFixedWindow() throws Exception {
        JsonNode adaptive = run("adaptive", "--estimator", "adaptive", "--max-window-exponent", "12");
        JsonNode fixed = run("fixed", "--estimator", "fixed", "--window", "4096");

        assertEquals(RECORDS, adaptive.get("elements").asLong());
        assertEquals(RECORDS, adaptive.get("accepted").asLong());
        assertEquals(RECORDS / 500, adaptive.get("estimates").asLong());

        // Every drift event falls within 1000 records after a change, and every change is detected.
        JsonNode ids = adaptive.get("driftEventIds");
        assertEquals(adaptive.get("driftEvents").asLong(), ids.size());
        boolean[] detected = new boolean[RECORDS / PERIOD];
        for (JsonNode id : ids) {
            long event = id.asLong();
            assertTrue(event >= PERIOD && event % PERIOD < 1000, "drift event far from a change: " + event);
            detected[(int) (event / PERIOD)] = true;
        }
        for (int change = 1; change < detected.length; change++) {
            assertTrue(detected[change], "no drift event after the change at " + change * PERIOD);
        }
        assertEquals(0, fixed.get("driftEvents").asLong());

        // The reference itself is accurate: midpoint error bound and mass outside the grid.
        assertTrue(adaptive.get("truthErrorBound").asDouble() < 0.005);
        assertTrue(adaptive.get("truthMassOutsideGrid").asDouble() < 1e-6);

        // Seen on this seed: adaptive about 0.05, fixed 4096 about 0.3.
        double adaptiveTv = adaptive.get("meanTotalVariation").asDouble();
        double fixedTv = fixed.get("meanTotalVariation").asDouble();
        assertTrue(adaptiveTv < 0.5 * fixedTv, "adaptive TV " + adaptiveTv + " vs fixed " + fixedTv);
        assertTrue(adaptive.get("meanWindow").asDouble() < fixed.get("meanWindow").asDouble());
        assertTrue(adaptive.get("meanLogDensity").asDouble() > fixed.get("meanLogDensity").asDouble());
    }

    /**
     * Points outside a fixed histogram grid are counted, exactly, in the summary (and flagged on their
     * scores) instead of being clamped silently (experts with --grow-grid false too); the kernel
     * estimate has no bounds and experts grows its grid by default, so they count none.
     */
    @Test
    void pointsOutsideTheGridAreCountedNotSilentlyClamped() throws Exception {
        Random random = new Random(23);
        List<String> lines = new ArrayList<>(List.of("x,y"));
        int outside = 0;
        for (int i = 0; i < 400; i++) {
            double x = 1.5 * random.nextGaussian();
            double y = 0.5 * random.nextGaussian();
            if (Math.abs(x) > 2 || Math.abs(y) > 2) {
                outside++;
            }
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f", x, y));
        }
        assertTrue(outside > 10, "the data must leave the grid: " + outside);
        Path csv = dir.resolve("points.csv");
        Files.write(csv, lines);
        String[][] estimators = {{"adaptive"}, {"fixed"}, {"exponential"}, {"kde"}, {"experts"},
            {"experts", "--grow-grid", "false"}};
        for (String[] estimator : estimators) {
            String name = String.join(" ", estimator);
            Path summaryFile = dir.resolve(name.replace(' ', '-') + "-range.json");
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(List.of("density", "--source", "file:" + csv, "--features", "x,y",
                    "--grid-lo", "-2", "--grid-hi", "2", "--bins", "8", "--sink", "none", "--progress-interval", "0",
                    "--checkpoint-interval", "0", "--summary", summaryFile.toString(), "--estimator"));
            args.addAll(List.of(estimator));
            assertEquals(0, FlinkDrift.commandLine().setErr(new PrintWriter(err)).execute(args.toArray(String[]::new)),
                    err.toString());
            JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile()).get("density");
            assertEquals(400, summary.get("elements").asLong());
            boolean covers = name.equals("kde") || name.equals("experts");
            assertEquals(covers ? 0 : outside, summary.get("outOfRange").asLong(), name);
        }
    }

    @Test
    void badEstimatorOptionsExitWithUsageError() {
        StringWriter err = new StringWriter();
        int exit = FlinkDrift.commandLine().setErr(new PrintWriter(err))
                .execute("density", "--estimator", "histogram", "--sink", "none");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--estimator must be one of"), err.toString());
        exit = FlinkDrift.commandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("density", "--estimator", "fixed", "--window", "0", "--sink", "none");
        assertEquals(2, exit);
        exit = FlinkDrift.commandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("density", "--grid-lo", "0,0", "--grid-hi", "1,1,1", "--sink", "none");
        assertEquals(2, exit);
        err = new StringWriter();
        exit = FlinkDrift.commandLine().setErr(new PrintWriter(err))
                .execute("density", "--estimator", "fixed", "--decay", "0.9", "--sink", "none");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--decay does not apply to estimator fixed"), err.toString());
    }

    /** Every param of every estimator's declaration is an option, with the estimators it applies to. */
    @Test
    void helpListsAnOptionPerParamOfTheDeclarations() {
        StringWriter out = new StringWriter();
        assertEquals(0, FlinkDrift.commandLine().setOut(new PrintWriter(out)).execute("density", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        for (DensityEstimatorDeclaration<?> declaration : DensityEstimatorRegistry.ESTIMATORS) {
            assertTrue(help.contains(declaration.name() + ": " + declaration.description()), declaration.name());
            for (Param<?> param : declaration.params().keySet()) {
                String option = "--" + param.name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) + "=";
                assertTrue(help.contains(option), option);
            }
        }
        assertTrue(help.contains("adaptive, kde: The largest window is 2^J elements per key"), help);
    }
}
