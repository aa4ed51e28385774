package io.flinkdrift.jobs.density;

import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.DriftingGaussianMixtureGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.jobs.cli.BundleOptions;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.Endpoint;
import io.flinkdrift.jobs.pipeline.ExampleInput;
import io.flinkdrift.jobs.pipeline.Inputs;
import io.flinkdrift.jobs.pipeline.Outputs;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.RunReport;
import io.flinkdrift.jobs.runtime.ChainedOperators;
import io.flinkdrift.jobs.runtime.CountingFunction;
import io.flinkdrift.jobs.runtime.JobRunner;
import io.flinkdrift.jobs.runtime.JobSummary;
import io.flinkdrift.operators.density.BundledDensityOperator;
import io.flinkdrift.operators.density.DensityEstimate;
import io.flinkdrift.operators.density.DensityEstimationFunction;
import io.flinkdrift.operators.density.DensityScore;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.Color;
import java.util.concurrent.Callable;

/**
 * {@code density}: keyed drift-aware density estimation over the numeric features of each example
 * (docs/density.md). Every element is scored by its log-density under its key's estimate before it
 * is added (an anomaly score, written to {@code --sink}); every {@code --cadence} elements per key
 * the estimate itself (bin probabilities, or the kernel estimate at the grid cell centres) goes to
 * {@code --estimates}. A bounded run ends with a summary: elements, mean log-density score, drift
 * events, mean window and, on the mixture generator, the mean total variation error of the
 * estimates against the true distribution on the same grid ({@link MixtureCellMasses}).
 *
 * <p>The estimators' state is accessed in bundles ({@code --bundle-size}, {@code --bundle-latency}:
 * {@link BundledDensityOperator}), with the outputs of record-at-a-time processing.
 */
@Command(name = "density", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Keyed density estimation under drift: per-element log-density scores, periodic "
                + "estimates and drift events, with a summary at the end.",
        footer = {"%nExamples:",
                "  density --source 'synthetic:mixture?mode=abrupt&period=5000' --grid-lo -12 --grid-hi 12 "
                        + "--bins 12 --sink none",
                "  density --source file:elec2.csv --features nswprice,nswdemand --estimator fixed "
                        + "--window 1024 --summary s.json"})
public final class DensityJob implements Callable<Integer> {

    /** Name of the series of drift events in the window chart. */
    static final String DRIFT_EVENTS = "drift event";

    @Mixin
    EstimatorOptions estimator;

    @Option(names = "--estimates", paramLabel = "SPEC", defaultValue = "none",
            description = "Where the periodic estimates go, as JSON lines: stdout, stderr, file:DIR, "
                    + "kafka:TOPIC or none. Default: ${DEFAULT-VALUE}.")
    String estimates;

    @Option(names = "--summary-window", paramLabel = "N", defaultValue = "1000",
            description = "Records (by id) per window of the summary's series and report. Default: ${DEFAULT-VALUE}.")
    long summaryWindow;

    @Mixin
    BundleOptions bundle;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return JobRunner.run(spec, common, "density", env -> {
            bundle.check();
            BundledDensityOperator<?> operator = estimator.builder().bundled(bundle.size, bundle.latencyMs);
            MixtureCellMasses truth = truth();
            ExampleInput input = Inputs.open(env, common, FormatSpec.LabelKind.REAL);
            SingleOutputStreamOperator<DensityScore> scored = ChainedOperators.chained(input.byKey()
                    .transform("density (" + estimator.estimator + ")", TypeInformation.of(DensityScore.class),
                            operator))
                    .uid("density");
            DataStream<DensityEstimate> estimateStream = scored.getSideOutput(DensityEstimationFunction.ESTIMATES);
            DataStream<DensityScore> scores = scored
                    .map(new CountingFunction<DensityScore>())
                    .returns(TypeInformation.of(DensityScore.class))
                    .name("count")
                    .uid("count");
            Outputs.write(scores, "--sink", common.sink, "scores", "density", common);
            Outputs.write(estimateStream, "--estimates", estimates, "estimates", "density", common);
            if (input.rejected() != null) {
                Outputs.write(input.rejected(), "--dead-letter", common.deadLetter, "dead-letter", "density", common);
            }
            DensitySummaryFunction.attach(scores, estimateStream, truth, summaryWindow);
        }, result -> {
            DensitySummary summary = JobRunner.finalValue(result, DensitySummaryFunction.ACCUMULATOR);
            JobSummary jobSummary = JobSummary.of("density", common, result)
                    .put("estimator", estimator.estimator)
                    .putInput(result)
                    .put("records", summary == null ? 0 : summary.elements)
                    .put("density", summary);
            if (summary != null) {
                summary.addFigures(jobSummary);
            }
            jobSummary.write(common.summary, System.err);
            if (summary != null) {
                report(summary, "density " + common.source).write(common.report, System.err);
            }
            if (summary != null && summary.outOfRange > 0) {
                System.err.println("warning: " + summary.outOfRange + " of " + summary.elements + " elements lay"
                        + " outside the estimator's grid and were scored in its edge cells; widen --grid-lo/--grid-hi"
                        + " or use --estimator kde");
            }
        });
    }

    /** The true cell masses when the source is the mixture generator, else null. */
    private MixtureCellMasses truth() {
        Endpoint source = Endpoint.parse("--source", common.source,
                Endpoint.Scheme.FILE, Endpoint.Scheme.KAFKA, Endpoint.Scheme.SYNTHETIC);
        if (source.scheme() != Endpoint.Scheme.SYNTHETIC) {
            return null;
        }
        DriftGenerator generator = Generators.fromSpec(source.argument());
        if (!(generator instanceof DriftingGaussianMixtureGenerator)) {
            return null;
        }
        GridBinning grid = estimator.grid(generator.dimension());
        return new MixtureCellMasses((DriftingGaussianMixtureGenerator) generator, grid,
                MixtureCellMasses.DEFAULT_SUBDIVISIONS);
    }

    /**
     * The report of a run, per window of record ids: the estimator's mean window with the drift
     * events (and the generator's concept changes), and the mean log-density.
     */
    static RunReport report(DensitySummary summary, String title) {
        double[] starts = Charts.doubles(summary.seriesStarts);
        XYChart window = Charts.chart("Mean estimator window per " + summary.seriesWindow + " records",
                "record id (window start)", "window (elements)");
        Charts.line(window, "window", starts, summary.seriesMeanWindow);
        double highest = Charts.highest(summary.seriesMeanWindow, 0);
        Charts.verticalLines(window, DRIFT_EVENTS, summary.driftEventIds, 0, highest, Color.RED);
        Charts.conceptChanges(window, summary.conceptChanges, 0, highest);
        XYChart logDensity = Charts.chart("Mean log-density per " + summary.seriesWindow + " records",
                "record id (window start)", "mean log-density");
        Charts.line(logDensity, "log-density", starts, summary.seriesMeanLogDensity);
        return new RunReport(title)
                .add("window", "Mean estimator window per window of " + summary.seriesWindow + " record ids, with the "
                        + "drift events (red)" + (summary.driftEvents > summary.driftEventIds.length
                                ? " (the first " + summary.driftEventIds.length + " of " + summary.driftEvents + ")" : "")
                        + (summary.conceptChanges.length > 0 ? " and the generator's concept changes (grey)" : ""),
                        window)
                .add("log-density", "Mean log-density of the scores per window of " + summary.seriesWindow
                        + " record ids", logDensity);
    }
}
