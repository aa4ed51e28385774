package io.flinkdrift.jobs.conformal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.core.conformal.AdaptiveRiskController;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.DecayingLossSums;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LabelledElement;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.PidRiskController;
import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.ScoreThresholdSet;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.testing.CommittedFiles;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code conformal} job end to end on a mini-cluster, and its start-up validation. */
class ConformalJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(Path dir, String... options) throws IOException {
        Path summary = dir.resolve("summary.json");
        List<String> args = new ArrayList<>(List.of("conformal", "--summary", summary.toString(),
                "--progress-interval", "0", "--checkpoint-interval", "1000", "--dead-letter", "none",
                "--sink", "file:" + dir.resolve("out")));
        args.addAll(List.of(options));
        assertEquals(0, FlinkDrift.commandLine().execute(args.toArray(new String[0])));
        return JSON.readTree(summary.toFile());
    }

    /** The committed output lines, by id. */
    private static List<JsonNode> answers(Path dir) throws IOException {
        List<JsonNode> records = new ArrayList<>(CommittedFiles.jsonLines(dir.resolve("out")));
        records.sort(Comparator.comparingLong(r -> r.get("id").asLong()));
        return records;
    }

    @Test
    void intervalsEqualTheCoreControllerAndTheSummaryIsTheirMeanLoss(@TempDir Path dir) throws IOException {
        int rows = 1500;
        Random random = new Random(11);
        double[] predicted = new double[rows];
        double[] truth = new double[rows];
        List<String> lines = new ArrayList<>(List.of("yhat,y"));
        for (int i = 0; i < rows; i++) {
            predicted[i] = random.nextGaussian();
            // noise scale doubles halfway: the decaying weights must widen the intervals
            truth[i] = predicted[i] + (i < rows / 2 ? 0.2 : 0.4) * random.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.17g,%.17g", predicted[i], truth[i]));
        }
        Path csv = dir.resolve("predictions.csv");
        Files.write(csv, lines);

        JsonNode summary = run(dir, "--source", "file:" + csv, "--prediction", "yhat", "--label", "y",
                "--loss", "interval", "--alpha", "0.1", "--rho", "0.99", "--grid", "0:2:201",
                "--calibrate-every", "1", "--warm-up", "100");

        LambdaGrid grid = LambdaGrid.linspace(0, 2, 201);
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(grid, 0.1, 1), ExponentialDecay.perArrival(0.99));
        DecayingLossSums state = controller.newState();
        IntervalMiscoverageLoss loss = new IntervalMiscoverageLoss();
        List<JsonNode> out = answers(dir);
        assertEquals(rows, out.size());
        double lossSum = 0;
        double widthSum = 0;
        for (int i = 0; i < rows; i++) {
            JsonNode answer = out.get(i);
            LambdaSelection expected = controller.select(state, i);
            assertEquals(expected.lambda(), answer.get("lambda").asDouble(), 0.0, "lambda " + i);
            assertEquals(predicted[i] - expected.lambda(), answer.get("lower").asDouble(), 1e-12);
            double[] curve = loss.lossCurve(predicted[i], truth[i], grid);
            assertEquals(curve[expected.gridIndex()], answer.get("loss").asDouble(), 0.0);
            if (i >= 100) {
                lossSum += curve[expected.gridIndex()];
                widthSum += 2 * expected.lambda();
            }
            controller.update(state, i, curve);
        }
        assertEquals(rows, summary.at("/records").asLong());
        assertEquals(rows - 100, summary.at("/conformal/labelled").asLong());
        assertEquals(lossSum / (rows - 100), summary.at("/conformal/meanLoss").asDouble(), 1e-12);
        assertEquals(widthSum / (rows - 100), summary.at("/conformal/meanSize").asDouble(), 1e-12);
        assertTrue(Math.abs(summary.at("/conformal/meanLoss").asDouble() - 0.1) < 0.03,
                "realised miscoverage near alpha = 0.1: " + summary.at("/conformal/meanLoss"));
        double early = out.get(rows / 2 - 1).get("upper").asDouble() - out.get(rows / 2 - 1).get("lower").asDouble();
        double late = out.get(rows - 1).get("upper").asDouble() - out.get(rows - 1).get("lower").asDouble();
        assertTrue(late > 1.5 * early, "intervals widened after the noise doubled: " + early + " -> " + late);
    }

    @Test
    void labelsFromASecondInputAreJoinedAndCalibrate(@TempDir Path dir) throws IOException {
        int rows = 1000;
        Random random = new Random(14);
        List<String> predictions = new ArrayList<>(List.of("yhat"));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double yhat = random.nextGaussian();
            predictions.add(String.format(Locale.ROOT, "%.9f", yhat));
            labels.add(String.format(Locale.ROOT, "{\"id\":%d,\"timestamp\":%d,\"value\":%.9f}",
                    i, i + 5, yhat + 0.3 * random.nextGaussian()));
        }
        Path csv = dir.resolve("predictions.csv");
        Path labelFile = dir.resolve("labels.jsonl");
        Files.write(csv, predictions);
        Files.write(labelFile, labels);

        JsonNode summary = run(dir, "--source", "file:" + csv, "--prediction", "yhat", "--labels",
                "file:" + labelFile, "--max-label-delay", "100000000", "--alpha", "0.1", "--weights", "unit",
                "--grid", "0:2:201", "--calibrate-every", "1", "--warm-up", "100");

        assertEquals(rows, summary.at("/records").asLong());
        assertEquals(rows, summary.at("/labels/joined").asLong());
        assertEquals(rows - 100, summary.at("/conformal/labelled").asLong());
        // How far one file is read ahead of the other decides which labels are in before each answer
        // (the operator tests pin that order exactly), so only the guarantee is asserted: answers
        // given before enough labels came are the conservative lambda_max, never too narrow.
        // Exchangeable rows: E[miscoverage] <= 0.1; 900 answers, SE ~ 0.01.
        double meanLoss = summary.at("/conformal/meanLoss").asDouble();
        assertTrue(meanLoss <= 0.1 + 0.03, "mean miscoverage " + meanLoss);
    }

    @Test
    void classSetsHoldTheClassesAboveTheThreshold(@TempDir Path dir) throws IOException {
        int rows = 1000;
        Random random = new Random(12);
        List<String> lines = new ArrayList<>(List.of("p0,p1,p2,y"));
        for (int i = 0; i < rows; i++) {
            double[] p = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double total = p[0] + p[1] + p[2];
            double u = random.nextDouble() * total;
            int y = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%d", p[0] / total, p[1] / total, p[2] / total, y));
        }
        Path csv = dir.resolve("probabilities.csv");
        Files.write(csv, lines);

        JsonNode summary = run(dir, "--source", "file:" + csv, "--probabilities", "p0,p1,p2", "--label", "y",
                "--loss", "set", "--alpha", "0.2", "--weights", "unit", "--calibrate-every", "1", "--warm-up", "100");

        List<JsonNode> out = answers(dir);
        assertEquals(rows, out.size());
        for (JsonNode answer : out) {
            double[] p = JSON.convertValue(answer.get("probabilities"), double[].class);
            int[] set = JSON.convertValue(answer.get("set"), int[].class);
            assertArrayEquals(ScoreThresholdSet.members(p, answer.get("lambda").asDouble()), set);
            assertEquals(set.length, answer.get("size").asDouble(), 0.0);
        }
        // exchangeable rows and unit weights: CRC gives E[loss] <= alpha; 900 rows, SE ~ 0.013
        double meanLoss = summary.at("/conformal/meanLoss").asDouble();
        assertTrue(meanLoss <= 0.2 + 3 * 0.0134 && meanLoss > 0.2 - 0.06, "mean miscoverage " + meanLoss);
    }

    @Test
    void multilabelAnswersCarryThePositiveLabelsAndTheirFalseNegativeRate(@TempDir Path dir) throws IOException {
        int rows = 400;
        Random random = new Random(13);
        List<String> lines = new ArrayList<>(List.of("s0,s1,s2,y0,y1,y2"));
        for (int i = 0; i < rows; i++) {
            int[] y = {random.nextInt(2), random.nextInt(2), random.nextInt(2)};
            double[] s = new double[3];
            for (int m = 0; m < 3; m++) {
                s[m] = Math.min(1, Math.max(0, 0.3 + 0.3 * y[m] + 0.25 * random.nextGaussian()));
            }
            String flags = i == 7 ? "1,2,0" : y[0] + "," + y[1] + "," + y[2]; // row 7: no valid truth
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%s", s[0], s[1], s[2], flags));
        }
        Path csv = dir.resolve("tags.csv");
        Files.write(csv, lines);

        run(dir, "--source", "file:" + csv, "--probabilities", "s0,s1,s2", "--positives", "y0,y1,y2",
                "--loss", "fnr", "--alpha", "0.2", "--weights", "unit", "--calibrate-every", "1");

        List<JsonNode> out = answers(dir);
        assertEquals(rows, out.size());
        for (int i = 0; i < rows; i++) {
            JsonNode answer = out.get(i);
            assertTrue(answer.get("label").isNull(), "the multilabel truth is not a label: " + answer);
            String[] flags = lines.get(i + 1).split(",");
            if (i == 7) {
                assertFalse(answer.has("positiveLabels"), "an invalid flag leaves the row unlabelled");
                assertTrue(answer.get("loss").isNull());
                continue;
            }
            List<Integer> positives = new ArrayList<>();
            for (int m = 0; m < 3; m++) {
                if (flags[3 + m].equals("1")) {
                    positives.add(m);
                }
            }
            assertEquals(positives, JSON.convertValue(answer.get("positiveLabels"), List.class));
            List<Integer> set = JSON.convertValue(answer.get("set"), List.class);
            long missed = positives.stream().filter(m -> !set.contains(m)).count();
            double fnr = positives.isEmpty() ? 0 : (double) missed / positives.size();
            assertEquals(fnr, answer.get("loss").asDouble(), 1e-12, "row " + i);
        }
    }

    @Test
    void infeasibleOrInvalidConfigurationsAreOneLineErrorsWithExitCode2() {
        String[][] invalid = {
            {"--alpha", "0.005", "--rho", "0.99"}, // alpha * (rho / (1 - rho) + 1) = 0.5 <= B = 1
            {"--alpha", "0"},
            {"--grid", "1:0:5"},
            {"--weights", "gaussian"},
            {"--loss", "set"}, // a set loss needs --probabilities
            // every second element calibrates, so N_w <= rho^2/(1-rho^2) = 49.25 and 0.015 * 50.25 < B
            {"--alpha", "0.015", "--rho", "0.99"},
            {"--controller", "pi"},
            {"--controller", "aci", "--weights", "similarity"},
            {"--controller", "rho-experts", "--rhos", "0.99,0.99"},
        };
        for (String[] options : invalid) {
            List<String> args = new ArrayList<>(List.of("conformal", "--source", "file:/nonexistent.csv",
                    "--prediction", "yhat", "--label", "y"));
            args.addAll(List.of(options));
            StringWriter err = new StringWriter();
            CommandLine commandLine = FlinkDrift.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            assertEquals(2, commandLine.execute(args.toArray(new String[0])), String.join(" ", options));
            String message = err.toString();
            assertTrue(message.startsWith("error: ") && message.strip().lines().count() == 1, message);
        }
    }

    @Test
    void regressWithConformalTrainsOnOddRowsAndCalibratesOnEvenRows(@TempDir Path dir) throws IOException {
        int rows = 800;
        Random random = new Random(13);
        List<String> lines = new ArrayList<>(List.of("x1,x2,y"));
        for (int i = 0; i < rows; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.9f,%.9f,%.9f", x1, x2, 2 * x1 - x2 + 0.1 * random.nextGaussian()));
        }
        Path csv = dir.resolve("linear.csv");
        Files.write(csv, lines);
        Path summaryFile = dir.resolve("summary.json");
        assertEquals(0, FlinkDrift.commandLine().execute("regress", "--source", "file:" + csv, "--label", "y",
                "--learner", "rls", "--forgetting", "1", "--summary", summaryFile.toString(), "--progress-interval",
                "0", "--checkpoint-interval", "1000", "--sink", "file:" + dir.resolve("out"),
                "--conformal", "loss=absolute,alpha=0.05,rho=0.99,grid=0:1:101,warm-up=100"));
        JsonNode summary = JSON.readTree(summaryFile.toFile());
        List<JsonNode> out = answers(dir);
        assertEquals(rows, out.size());
        for (JsonNode answer : out) {
            long id = answer.get("id").asLong();
            assertEquals(id / 2, answer.get("modelVersion").asLong(), "rows before " + id + " trained on odd rows");
            assertEquals(id % 2 == 0, answer.get("calibrates").asBoolean());
            assertEquals(2 * answer.get("lambda").asDouble(),
                    answer.get("upper").asDouble() - answer.get("lower").asDouble(), 1e-12);
        }
        assertEquals(rows, summary.at("/regression/labelled").asLong());
        assertEquals(rows - 100, summary.at("/conformal/labelled").asLong());
        double meanLoss = summary.at("/conformal/meanLoss").asDouble();
        assertTrue(meanLoss <= 0.05, "absolute loss controlled at alpha = 0.05: " + meanLoss);
        // the noise is 0.1, so a valid half-width is about 0.1 to 0.2, far from the grid's 1
        assertTrue(summary.at("/conformal/meanSize").asDouble() < 0.5, summary.toString());

        assertEquals(2, FlinkDrift.commandLine().execute("classify", "--source", "file:" + csv, "--label", "y",
                "--conformal", "loss=interval"));
        StringWriter err = new StringWriter();
        CommandLine commandLine = FlinkDrift.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertEquals(2, commandLine.execute("regress", "--source", "file:" + csv, "--label", "y",
                "--conformal", "loss=interval,alpha=0.015,rho=0.99"));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("calibrating element every 2"),
                err.toString());
    }

    /**
     * Every controller of {@code --controller} answers in the job exactly as its core controller does
     * on the same stream, fed back in the same order (the realised losses decide the online ones).
     */
    @Test
    void everyControllerAnswersAsItsCoreController(@TempDir Path dir) throws IOException {
        int rows = 600;
        Random random = new Random(17);
        double[] predicted = new double[rows];
        double[] truth = new double[rows];
        List<String> lines = new ArrayList<>(List.of("yhat,y"));
        for (int i = 0; i < rows; i++) {
            predicted[i] = random.nextGaussian();
            truth[i] = predicted[i] + (i < rows / 2 ? 0.2 : 0.5) * random.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.17g,%.17g", predicted[i], truth[i]));
        }
        Path csv = dir.resolve("predictions.csv");
        Files.write(csv, lines);
        LambdaGrid grid = LambdaGrid.linspace(0, 2, 201);
        RiskTarget target = new RiskTarget(grid, 0.1, 1);
        Map<String, RiskController<?>> controllers = new LinkedHashMap<>();
        controllers.put("aci", new AdaptiveRiskController(
                new DecayWeightedRiskController(target, ExponentialDecay.perArrival(0.99)), 0.05));
        controllers.put("pid", new PidRiskController(target, 0.1, 0, 1));
        controllers.put("rho-experts", new RhoExpertsRiskController(
                target, new double[] {0.98, 0.99, 0.995, 0.998, 0.999, 1}, 100, 0.05, 0.05));
        for (Map.Entry<String, RiskController<?>> entry : controllers.entrySet()) {
            Path runDir = Files.createDirectories(dir.resolve(entry.getKey()));
            run(runDir, "--source", "file:" + csv, "--prediction", "yhat", "--label", "y", "--loss", "interval",
                    "--alpha", "0.1", "--grid", "0:2:201", "--controller", entry.getKey());
            assertSameAnswers(entry.getValue(), answers(runDir), predicted, truth, grid);
        }
    }

    private static <S> void assertSameAnswers(RiskController<S> controller, List<JsonNode> out, double[] predicted,
            double[] truth, LambdaGrid grid) {
        assertEquals(predicted.length, out.size());
        S state = controller.newState();
        IntervalMiscoverageLoss loss = new IntervalMiscoverageLoss();
        SplitRule split = SplitRule.alternating();
        for (int i = 0; i < predicted.length; i++) {
            LambdaSelection expected = controller.select(state, i, i, new double[] {predicted[i]});
            assertEquals(expected.lambda(), out.get(i).get("lambda").asDouble(), 0.0, controller + ", lambda " + i);
            double[] curve = loss.lossCurve(predicted[i], truth[i], grid);
            controller.update(state, new LabelledElement(i, i, new double[] {predicted[i]}, curve,
                    expected.gridIndex(), split.calibrates(i)));
        }
    }
}
