package io.flinkdrift.jobs.classify;

import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.LearningOptions;
import io.flinkdrift.jobs.pipeline.Learning;
import io.flinkdrift.jobs.runtime.JobRunner;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.RunReport;
import io.flinkdrift.jobs.runtime.JobSummary;
import io.flinkdrift.jobs.runtime.WindowRetention;
import io.flinkdrift.operators.learning.KeyedModel;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code classify}: keyed prequential classification. Every example is first predicted by its
 * key's model (the prediction is emitted with the class probabilities and the model version), then
 * used to train that model if it is labelled (or, with {@code --labels}, when its label arrives).
 * A bounded run ends with a summary: accuracy, Cohen's kappa, log-loss, Brier score, records/s and
 * accuracy over consecutive windows of ids.
 */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Keyed prequential (predict, then train) classification with a summary at the end.",
        footer = {"%nExamples:",
                "  classify --source synthetic:sea --learner kalman --sink none",
                "  classify --source file:elec2.csv --label class --learner no-change --summary s.json"})
public final class ClassifyJob implements Callable<Integer> {

    @Mixin
    ClassifierOptions learner;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "Records (by id) per accuracy window in the summary. Default: ${DEFAULT-VALUE}.")
    long window;

    @Mixin
    LearningOptions learning;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return JobRunner.run(spec, common, "classify", env -> {
            Learning.build(env, common, learning, learner, FormatSpec.LabelKind.CLASS, "classify", "classifier")
                    .summarize(new ClassificationSummaryFunction(window, WindowRetention.MAX_WINDOWS));
        }, result -> {
            ClassificationSummary summary = JobRunner.finalValue(result, ClassificationSummaryFunction.ACCUMULATOR);
            JobSummary jobSummary = JobSummary.of("classify", common, result)
                    .put("learner", learner.learner)
                    .put("calibrate", learner.calibrate)
                    .put("rejectedLabels", orZero(result.getAccumulatorResult(KeyedModel.REJECTED_LABELS_COUNTER)))
                    .putInput(result)
                    .putLabels(result)
                    .put("records", summary == null ? 0 : summary.records)
                    .put("classification", summary);
            if (summary != null) {
                summary.addFigures(jobSummary);
            }
            Learning.putConformal(jobSummary, result, learning).write(common.summary, System.err);
            String refusal = refusedLabelsLine(learner.calibrate,
                    ((Number) orZero(result.getAccumulatorResult(KeyedModel.REJECTED_LABELS_COUNTER))).longValue(),
                    summary == null ? 0 : summary.labelled);
            if (refusal != null) {
                System.err.println(refusal);
            }
            if (summary != null) {
                report(summary, "classify " + common.source).write(common.report, System.err);
            }
        });
    }

    /**
     * The report of a run: accuracy per window of ids beside the no-change baseline's, with the
     * concept changes when the source is a generator.
     */
    static RunReport report(ClassificationSummary summary, String title) {
        boolean baseline = !Double.isNaN(summary.noChangeAccuracy);
        XYChart chart = Charts.versusNoChange("Prequential accuracy per window of " + summary.windowSize + " records",
                "accuracy", summary.windowStarts, summary.windowAccuracy,
                baseline ? summary.windowNoChangeAccuracy : null, summary.conceptChanges, 1);
        return new RunReport(title).add("accuracy",
                Charts.versusNoChangeCaption("Accuracy", summary.windowSize, baseline, summary.conceptChanges), chart);
    }

    /**
     * The line a run ends with when a calibrated binary learner refused labels of other classes
     * (the input had more than two, which a file does not tell before it is read): how many, and
     * that the figures above count only the labels it learned from; null when it refused none.
     */
    static String refusedLabelsLine(String calibrate, long refused, long labelled) {
        if (calibrate == null || refused == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "warning: --calibrate %s recalibrates binary classifiers, but the input "
                + "has more than two classes: %,d labels were refused (dead letters, UNKNOWN_CLASS) and the "
                + "figures above count only the %,d it learned from", calibrate, refused, labelled);
    }

    private static Object orZero(Object counter) {
        return counter == null ? 0L : counter;
    }
}
