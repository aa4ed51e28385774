package io.flinkdrift.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.operators.learners.KalmanParams;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.learners.RlsParams;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.flink.ml.param.Param;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The learner options generated from {@link LearnerRegistry}: every param of every classifier is an
 * option listed by {@code --help}, given options reach the chosen learner, the others keep its
 * defaults, and invalid or inapplicable values end with one line and exit code 2.
 */
class LearnerOptionsTest {

    @Test
    void everyClassifierParamIsAnOptionInHelp() {
        StringWriter help = new StringWriter();
        CommandLine classify = FlinkDrift.commandLine().getSubcommands().get("classify");
        classify.usage(new PrintWriter(help));
        for (LearnerDeclaration<?> declaration : LearnerRegistry.CLASSIFIERS) {
            assertTrue(help.toString().contains(declaration.name() + ": "), declaration.name());
            for (Param<?> param : declaration.params().keySet()) {
                String option = "--" + param.name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
                assertTrue(help.toString().contains(option + "="), option);
            }
        }
        String words = help.toString().replaceAll("\\s+", " ");
        assertTrue(words.contains("0 = raw features. Default: 200."), words);
        assertTrue(words.contains("--learner=NAME The classifier, one per key:"), words);
        assertTrue(words.contains("Default: ensemble-switch."), words);
    }

    @Test
    void givenOptionsReachTheLearnerAndTheOthersKeepItsDefaults() {
        ClassifierOptions options = parse("--learner", "kalman", "--gamma", "0.95", "--predictive", "monte-carlo",
                "--standardization-samples", "30", "--learn-noise", "false");
        ParamValues values = options.values();
        assertEquals(0.95, values.get(KalmanParams.GAMMA));
        assertEquals("monte-carlo", values.get(KalmanParams.PREDICTIVE));
        assertEquals(30, values.get(KalmanParams.STANDARDIZATION_SAMPLES));
        assertEquals(false, values.get(KalmanParams.LEARN_NOISE));
        assertEquals(KalmanParams.PRIOR_VARIANCE.defaultValue, values.get(KalmanParams.PRIOR_VARIANCE));

        ParamValues rvfl = parse("--learner", "rvfl", "--forgetting", "0.9").values();
        assertEquals(0.9, rvfl.get(RlsParams.FORGETTING));
        assertEquals(200, rvfl.get(RlsParams.STANDARDIZATION_SAMPLES), "rvfl's own default");
        assertEquals(200, parse("--learner", "rls").values().get(RlsParams.STANDARDIZATION_SAMPLES), "rls's own default");
        assertEquals(LearnerRegistry.DEFAULT_CLASSIFIER, parse().name());
    }

    @Test
    void invalidOrInapplicableValuesAreUsageErrors() {
        assertUsageError("--gamma 1.5 is invalid", "--learner", "kalman", "--gamma", "1.5");
        assertUsageError("--gamma does not apply to learner rls", "--learner", "rls", "--gamma", "0.9");
        assertUsageError("learner 'forest' is not one of", "--learner", "forest");
        assertUsageError("--calibrate platt applies to the kalman, rls and rvfl learners, not to majority", "--learner", "majority",
                "--calibrate", "platt");
    }

    @Test
    void aBinaryCalibratorIsRefusedOnInputKnownToHaveMoreThanTwoClasses() {
        assertUsageError("--calibrate platt recalibrates binary classifiers, but --classes names 3 classes",
                "--learner", "kalman", "--calibrate", "platt", "--label", "y", "--classes", "a,b,c");
        assertUsageErrorOn("synthetic:rbf?classes=4", "--calibrate platt-tracking recalibrates binary classifiers, "
                + "but synthetic:rbf?classes=4 generates 4 classes", "--learner", "rls", "--calibrate", "platt-tracking");
    }

    @Test
    void labelsRefusedByABinaryCalibratorEndTheRunWithOneLineSayingSo() {
        assertEquals("warning: --calibrate platt recalibrates binary classifiers, but the input has more than two "
                + "classes: 3,801 labels were refused (dead letters, UNKNOWN_CLASS) and the figures above count only "
                + "the 199 it learned from", ClassifyJob.refusedLabelsLine("platt", 3801, 199));
        assertNull(ClassifyJob.refusedLabelsLine("platt", 0, 4000), "a binary input: nothing refused, no line");
        assertNull(ClassifyJob.refusedLabelsLine(null, 0, 4000));
    }

    private static ClassifierOptions parse(String... args) {
        CommandLine commandLine = FlinkDrift.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "classify";
        System.arraycopy(args, 0, all, 1, args.length);
        commandLine.parseArgs(all);
        ClassifyJob job = commandLine.getSubcommands().get("classify").getCommand();
        return job.learner;
    }

    private static void assertUsageError(String message, String... args) {
        assertUsageErrorOn("synthetic:sea", message, args);
    }

    private static void assertUsageErrorOn(String source, String message, String... args) {
        CommandLine commandLine = FlinkDrift.commandLine();
        StringWriter err = new StringWriter();
        commandLine.getSubcommands().get("classify").setErr(new PrintWriter(err));
        String[] all = new String[args.length + 5];
        all[0] = "classify";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--source", source, "--sink", "none"}, 0, all, args.length + 1, 4);
        assertEquals(2, commandLine.execute(all), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
