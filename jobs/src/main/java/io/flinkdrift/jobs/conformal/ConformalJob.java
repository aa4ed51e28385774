package io.flinkdrift.jobs.conformal;

import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.jobs.cli.BundleOptions;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.pipeline.ExampleInput;
import io.flinkdrift.jobs.pipeline.Inputs;
import io.flinkdrift.jobs.pipeline.LabelInput;
import io.flinkdrift.jobs.pipeline.Outputs;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.RunReport;
import io.flinkdrift.jobs.runtime.ChainedOperators;
import io.flinkdrift.jobs.runtime.CountingFunction;
import io.flinkdrift.jobs.runtime.JobRunner;
import io.flinkdrift.jobs.runtime.JobSummary;
import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration;
import io.flinkdrift.operators.conformal.HasAlpha;
import io.flinkdrift.operators.conformal.HasWeights;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.conformal.BundledConformalOperator;
import io.flinkdrift.operators.learning.BundledDelayedLabelOperator;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.DelayedLabelConformalFunction;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code conformal}: keyed non-exchangeable conformal risk control (Farinhas et al., ICLR 2024) of a
 * stream of model outputs with their truth. Every row is answered with λ̂ and its interval or set
 * ({@link ConformalPrediction}, JSON lines to {@code --sink}); labelled rows at calibration indices
 * ({@code --calibrate-every}) calibrate their key's controller. A bounded run ends with the realised
 * risk and the mean width or set size. The configuration is validated before the job starts: an
 * invalid or infeasible one (e.g. α·(ρ/(1−ρ)+1) ≤ B) is a one-line error and exit code 2.
 */
@Command(name = "conformal", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Conformal risk control of model outputs: intervals or sets with expected loss <= alpha.",
        footer = {"%nExamples:",
                "  conformal --source file:preds.csv --prediction yhat --label y --loss absolute --alpha 0.05 \\",
                "            --rho 0.99 --calibrate-every 1 --sink file:/tmp/intervals",
                "  conformal --source file:probs.csv --probabilities p0,p1,p2 --label class --loss set --alpha 0.1",
                "  conformal --source file:tags.csv --probabilities s0,s1 --positives y0,y1 --loss fnr --alpha 0.2"})
public final class ConformalJob implements Callable<Integer> {

    @Option(names = "--prediction", paramLabel = "COL",
            description = "The column of a regression model's predicted value (--loss interval or absolute).")
    String prediction;

    @Option(names = "--probabilities", paramLabel = "COL,...", split = ",",
            description = "The columns of class probabilities (--loss set; the truth in --label is the class index "
                    + "0..K-1) or label scores (--loss fnr).")
    List<String> probabilities = new ArrayList<>();

    @Option(names = "--positives", paramLabel = "COL,...", split = ",",
            description = "With --loss fnr: one 0/1 column per label of --probabilities, 1 for a positive label.")
    List<String> positives = new ArrayList<>();

    @Option(names = "--labels", paramLabel = "SPEC",
            description = "Labels that arrive separately, as JSON lines {\"id\":..,\"key\":..,\"timestamp\":..,"
                    + "\"value\":..} (key optional): file:PATH or kafka:TOPIC, joined by id and key to the rows "
                    + "answered without a truth; a late label calibrates at its row's position. Default: none.")
    String labels;

    @Option(names = "--max-label-delay", paramLabel = "MS", defaultValue = "60000",
            description = "With --labels: an answer (or a label) waits this long in event time for its counterpart. "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxLabelDelayMs;

    @Mixin
    ConformalOptions conformal;

    @Mixin
    BundleOptions bundle;

    @Mixin
    CommonOptions common;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "Answers (by id) per window of the summary's series and report. Default: ${DEFAULT-VALUE}.")
    long window;

    @Spec
    CommandSpec spec;

    private ConformalSetup setup;

    @Override
    public Integer call() throws Exception {
        return JobRunner.run(spec, common, "conformal", env -> {
            if (maxLabelDelayMs < 0) {
                throw new IllegalArgumentException("--max-label-delay must be >= 0, got " + maxLabelDelayMs);
            }
            setup = conformal.setup();
            KeyedConformal<?> keyed = setup.build();
            ModelOutputs outputs = outputColumns();
            ExampleInput input = Inputs.open(env, common, FormatSpec.LabelKind.REAL);
            // At the input's parallelism, so the map is chained to the reader: a rebalance to another
            // parallelism would interleave each key's rows in an order that varies from run to run.
            DataStream<Prediction> predictions = input.examples()
                    .map(outputs).returns(TypeInformation.of(Prediction.class)).name("model outputs").uid("outputs")
                    .setParallelism(input.examples().getParallelism());
            SingleOutputStreamOperator<ConformalPrediction> controlled;
            DataStream<ConformalPrediction> labelledLater = null;
            DataStream<RejectedRecord> rejected = input.rejected();
            bundle.check();
            if (labels == null) {
                controlled = ChainedOperators.chained(predictions.keyBy(p -> p.key)
                        .transform("conformal", TypeInformation.of(ConformalPrediction.class),
                                new BundledConformalOperator(keyed, 0, bundle.size, bundle.latencyMs)));
            } else {
                LabelInput late = Inputs.labels(env, common, "--labels", labels);
                controlled = predictions.connect(late.labels())
                        .keyBy(p -> p.key, label -> label.key)
                        .transform("conformal", TypeInformation.of(ConformalPrediction.class),
                                new BundledDelayedLabelOperator<>(
                                        new DelayedLabelConformalFunction(keyed, maxLabelDelayMs), bundle.size,
                                        bundle.latencyMs));
                labelledLater = controlled.getSideOutput(DelayedLabelConformalFunction.LABELLED_ANSWERS);
                rejected = rejected == null ? late.rejected() : rejected.union(late.rejected());
            }
            DataStream<ConformalPrediction> answers = controlled
                    .name("conformal (" + setup.builder().controller().name() + ")").uid("conformal")
                    .map(new CountingFunction<ConformalPrediction>())
                    .returns(TypeInformation.of(ConformalPrediction.class)).name("count").uid("count");
            Outputs.write(answers, "--sink", common.sink, "predictions", "conformal", common);
            if (rejected != null) {
                Outputs.write(rejected, "--dead-letter", common.deadLetter, "dead-letter", "conformal", common);
            }
            ConformalSummaryFunction.attach(answers, labelledLater, setup.warmUp(), window);
        }, result -> {
            ConformalSummary summary = ConformalSummaryFunction.result(result);
            ConformalBuilder builder = setup.builder();
            ParamValues controllerValues = builder.controllerValues();
            double alpha = controllerValues.get(HasAlpha.ALPHA);
            JobSummary jobSummary = JobSummary.of("conformal", common, result)
                    .put("loss", builder.loss().name())
                    .put("alpha", alpha)
                    .put("controller", builder.controller().name())
                    .put("weights", builder.controller().params().containsKey(HasWeights.WEIGHTS)
                            ? HasWeights.kind(controllerValues) : null)
                    .putInput(result)
                    .putLabels(result)
                    .put("records", summary == null ? 0 : summary.records)
                    .put("conformal", summary);
            if (summary != null) {
                summary.addFigures(jobSummary, alpha);
            }
            jobSummary.write(common.summary, System.err);
            if (summary != null) {
                report(summary, builder.loss(), alpha, "conformal " + common.source)
                        .write(common.report, System.err);
            }
        });
    }

    /**
     * The report of a run: per window of ids, the coverage against 1 - alpha (for the miscoverage
     * losses {@code interval} and {@code set}) or the realised risk against alpha (the others), and
     * the mean interval width or set size.
     */
    static RunReport report(ConformalSummary summary, ConformalLossDeclaration loss, double alpha, String title) {
        double[] starts = Charts.doubles(summary.windowStarts);
        double from = starts.length == 0 ? 0 : starts[0];
        double to = starts.length == 0 ? 0 : starts[starts.length - 1];
        boolean miscoverage = loss.miscoverage();
        String figure = miscoverage ? "coverage" : "risk";
        XYChart target = Charts.chart("Realised " + figure + " per window of " + summary.windowSize + " answers",
                "answer id (window start)", miscoverage ? "coverage" : "mean loss");
        Charts.line(target, figure, starts, miscoverage ? summary.windowCoverage : summary.windowRisk);
        Charts.level(target, miscoverage ? "target 1 - alpha" : "target alpha", miscoverage ? 1 - alpha : alpha,
                from, to);
        XYChart width = Charts.chart("Mean " + (loss.intervals() ? "interval width" : "set size") + " per window of "
                + summary.windowSize + " answers", "answer id (window start)", loss.intervals() ? "width" : "size");
        Charts.line(width, loss.intervals() ? "width" : "set size", starts, summary.windowMeanSize);
        return new RunReport(title)
                .add(figure, "Realised " + figure + " per window of " + summary.windowSize + " answer ids (after each"
                        + " key's warm-up) against the target " + (miscoverage ? "1 - alpha" : "alpha"), target)
                .add("width", "Mean " + (loss.intervals() ? "interval width" : "set size") + " per window of "
                        + summary.windowSize + " answer ids", width);
    }

    /** Points the parser's feature columns at the model outputs; checks they fit {@code --loss}. */
    private ModelOutputs outputColumns() {
        if (!common.features.isEmpty()) {
            throw new IllegalArgumentException("conformal reads --prediction or --probabilities, not --features");
        }
        ConformalLossDeclaration loss = setup.builder().loss();
        if (loss.intervals()) {
            if (prediction == null || !probabilities.isEmpty() || !positives.isEmpty()) {
                throw new IllegalArgumentException("--loss " + loss.name() + " needs --prediction COL (and --label)"
                        + " and no --probabilities or --positives");
            }
            common.features = List.of(prediction);
            return ModelOutputs.pointPrediction();
        }
        if (prediction != null || probabilities.isEmpty()) {
            throw new IllegalArgumentException("--loss " + loss.name() + " needs --probabilities COL,... and no"
                    + " --prediction");
        }
        boolean multilabel = loss.answers() == ConformalLossDeclaration.Answers.MULTILABEL_SETS;
        if (multilabel != !positives.isEmpty() || multilabel && positives.size() != probabilities.size()) {
            throw new IllegalArgumentException("--positives must name one column per --probabilities column with"
                    + " --loss fnr, and is only for it");
        }
        if (!multilabel && common.label == null) {
            throw new IllegalArgumentException("--loss " + loss.name() + " needs the true class index in --label COL");
        }
        List<String> columns = new ArrayList<>(probabilities);
        columns.addAll(positives);
        common.features = columns;
        return ModelOutputs.scores(positives.size());
    }
}
