package io.flinkdrift.jobs.regress;

import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.LearningOptions;
import io.flinkdrift.jobs.pipeline.Learning;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.RunReport;
import io.flinkdrift.jobs.runtime.JobRunner;
import io.flinkdrift.jobs.runtime.JobSummary;
import io.flinkdrift.jobs.runtime.WindowRetention;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code regress}: keyed prequential regression. Every example is first predicted by its key's
 * model (the prediction carries the predicted value and the model version), then used to train
 * that model if its real-valued label ({@code --label COL}) is known, or, with {@code --labels},
 * when its label arrives. A bounded run ends with a summary: MAE, RMSE, records and records/s.
 */
@Command(name = "regress", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Keyed prequential (predict, then train) regression with a summary at the end.",
        footer = {"%nExamples:",
                "  regress --source file:load.csv --label load --learner rls --forgetting 0.99 --sink none",
                "  regress --source kafka:readings --labels kafka:truth --max-label-delay 600000 \\",
                "          --snapshot-every 1000 --snapshots file:/tmp/models --learner kalman"})
public final class RegressJob implements Callable<Integer> {

    @Mixin
    RegressorOptions learner;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "Records (by id) per error window in the summary and report. Default: ${DEFAULT-VALUE}.")
    long window;

    @Mixin
    LearningOptions learning;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return JobRunner.run(spec, common, "regress", env -> {
            Learning.build(env, common, learning, learner, FormatSpec.LabelKind.REAL, "regress", "regressor")
                    .summarize(new RegressionSummaryFunction(window, WindowRetention.MAX_WINDOWS));
        }, result -> {
            RegressionSummary summary = JobRunner.finalValue(result, RegressionSummaryFunction.ACCUMULATOR);
            JobSummary jobSummary = JobSummary.of("regress", common, result)
                    .put("learner", learner.learner)
                    .putInput(result)
                    .putLabels(result)
                    .put("records", summary == null ? 0 : summary.records)
                    .put("regression", summary);
            if (summary != null) {
                summary.addFigures(jobSummary);
            }
            Learning.putConformal(jobSummary, result, learning).write(common.summary, System.err);
            if (summary != null) {
                report(summary, "regress " + common.source).write(common.report, System.err);
            }
        });
    }

    /**
     * The report of a run: MAE per window of ids beside the no-change baseline's, with the concept
     * changes when the source is a generator.
     */
    static RunReport report(RegressionSummary summary, String title) {
        boolean baseline = !Double.isNaN(summary.noChangeMae);
        XYChart chart = Charts.versusNoChange("Prequential MAE per window of " + summary.windowSize + " records",
                "mean absolute error", summary.windowStarts, summary.windowMae,
                baseline ? summary.windowNoChangeMae : null, summary.conceptChanges, 0);
        return new RunReport(title).add("error",
                Charts.versusNoChangeCaption("MAE", summary.windowSize, baseline, summary.conceptChanges), chart);
    }
}
