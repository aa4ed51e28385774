package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.LearningOptions;
import io.flinkdrift.jobs.conformal.ConformalOptions;
import io.flinkdrift.jobs.conformal.ConformalSetup;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration.Answers;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.jobs.conformal.ConformalSummary;
import io.flinkdrift.jobs.conformal.ConformalSummaryFunction;
import io.flinkdrift.jobs.runtime.ChainedOperators;
import io.flinkdrift.jobs.runtime.CountingFunction;
import io.flinkdrift.jobs.runtime.JobSummary;
import io.flinkdrift.jobs.runtime.PredictionSummaryFunction;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.learning.BundledDelayedLabelOperator;
import io.flinkdrift.operators.learning.BundledPrequentialOperator;
import io.flinkdrift.operators.learning.DelayedLabelLearningFunction;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.stream.Collectors;

/**
 * The pipeline every learning job shares: input, one keyed model per key (labels with the examples,
 * or joined from {@code --labels}), counted predictions to {@code --sink}, rejected input and labels
 * the model refused to {@code --dead-letter} and model snapshots to {@code --snapshots}.
 */
public final class Learning {

    private Learning() {}

    /**
     * Builds the pipeline in {@code env}.
     *
     * @param uid the stable uid of the learning operator (its state survives switching
     *     {@code --labels} on or off)
     * @return every prediction as it is made, earlier predictions whose label came later, and the
     *     conformal answers with {@code --conformal}
     * @throws IllegalArgumentException for an invalid option
     */
    public static LearningStreams build(StreamExecutionEnvironment env, CommonOptions common,
            LearningOptions learningOptions, LearnerChoice learner, FormatSpec.LabelKind labelKind, String jobName,
            String uid) {
        if (learningOptions.snapshotEvery < 0) {
            throw new IllegalArgumentException("--snapshot-every must be >= 0, got " + learningOptions.snapshotEvery);
        }
        ExampleInput input = Inputs.open(env, common, labelKind);
        DataStream<RejectedRecord> rejected = input.rejected();
        SingleOutputStreamOperator<Prediction> model;
        SingleOutputStreamOperator<?> learning;
        DataStream<ConformalPrediction> conformal = null;
        ConformalSetup conformalSetup = null;
        if (learningOptions.conformal != null) {
            if (learningOptions.labels != null) {
                throw new IllegalArgumentException(
                        "--conformal needs the labels with the examples (--label), not --labels");
            }
            Answers answered = labelKind == FormatSpec.LabelKind.REAL ? Answers.INTERVALS : Answers.SETS;
            conformalSetup = ConformalOptions.parse(learningOptions.conformal,
                    ConformalRegistry.losses(answered).get(0));
            ConformalLossDeclaration loss = conformalSetup.builder().loss();
            if (loss.answers() != answered) {
                throw new IllegalArgumentException("--conformal loss=" + loss.name() + " does not fit " + jobName
                        + " (regress: " + lossNames(Answers.INTERVALS) + "; classify: " + lossNames(Answers.SETS)
                        + ")");
            }
            learningOptions.bundle.check();
            SingleOutputStreamOperator<ConformalPrediction> answers = ChainedOperators.chained(input.byKey()
                    .transform(jobName, TypeInformation.of(ConformalPrediction.class),
                            learner.conformal(conformalSetup.build(), learningOptions.snapshotEvery,
                                    learningOptions.bundle.size, learningOptions.bundle.latencyMs)));
            learning = answers;
            conformal = answers
                    .map(new CountingFunction<ConformalPrediction>())
                    .returns(TypeInformation.of(ConformalPrediction.class))
                    .name("count")
                    .uid("count");
            Outputs.write(conformal, "--sink", common.sink, "predictions", jobName, common);
            model = answers.map(ConformalPrediction::toPrediction).returns(TypeInformation.of(Prediction.class))
                    .name("predictions").uid("conformal-predictions");
        } else {
            if (learningOptions.labels == null) {
                model = ChainedOperators.chained(input.byKey()
                        .transform(jobName, TypeInformation.of(Prediction.class),
                                bundled(learner.model(learningOptions.snapshotEvery), learningOptions)));
            } else {
                LabelInput labels = delayedLabels(env, common, learningOptions);
                model = input.examples()
                        .connect(labels.labels())
                        .keyBy(example -> example.key, label -> label.key)
                        .transform(jobName, TypeInformation.of(Prediction.class), bundled(
                                learner.delayedLabels(learningOptions.maxLabelDelayMs, learningOptions.maxPending,
                                        learningOptions.snapshotEvery), learningOptions));
                rejected = rejected == null ? labels.rejected() : rejected.union(labels.rejected());
            }
            learning = model;
        }
        learning.name(jobName + " (" + learner.name() + ")").uid(uid);
        DataStream<Prediction> predictions = model;
        if (conformal == null) {
            predictions = model
                    .map(new CountingFunction<Prediction>())
                    .returns(TypeInformation.of(Prediction.class))
                    .name("count")
                    .uid("count");
            Outputs.write(predictions, "--sink", common.sink, "predictions", jobName, common);
        }
        DataStream<RejectedRecord> refusedLabels = learning.getSideOutput(KeyedModel.REJECTED_LABELS);
        rejected = rejected == null ? refusedLabels : rejected.union(refusedLabels);
        Outputs.write(rejected, "--dead-letter", common.deadLetter, "dead-letter", jobName, common);
        if (learningOptions.snapshotEvery > 0) {
            Outputs.write(learning.getSideOutput(KeyedModel.SNAPSHOTS), "--snapshots", learningOptions.snapshots,
                    "snapshots", jobName, common);
        }
        return new LearningStreams(predictions,
                model.getSideOutput(DelayedLabelLearningFunction.LABELLED_PREDICTIONS), conformal,
                conformalSetup == null ? 0 : conformalSetup.warmUp());
    }

    /** The names of the losses that answer {@code answers}: {@code interval or absolute}. */
    private static String lossNames(Answers answers) {
        return ConformalRegistry.losses(answers).stream().map(ConformalLossDeclaration::name)
                .collect(Collectors.joining(" or "));
    }

    /** @throws IllegalArgumentException for a bundle size or latency below 1 */
    private static <L extends OnlineLearner> BundledPrequentialOperator<L> bundled(KeyedModel<L> model,
            LearningOptions options) {
        options.bundle.check();
        return new BundledPrequentialOperator<>(model, options.bundle.size, options.bundle.latencyMs);
    }

    /** @throws IllegalArgumentException for a bundle size or latency below 1 */
    private static <L extends OnlineLearner> BundledDelayedLabelOperator<Example, Prediction> bundled(
            DelayedLabelLearningFunction<L> function, LearningOptions options) {
        options.bundle.check();
        return new BundledDelayedLabelOperator<>(function, options.bundle.size, options.bundle.latencyMs);
    }

    private static LabelInput delayedLabels(StreamExecutionEnvironment env, CommonOptions common,
            LearningOptions learning) {
        if (learning.maxLabelDelayMs < 0) {
            throw new IllegalArgumentException("--max-label-delay must be >= 0, got " + learning.maxLabelDelayMs);
        }
        if (learning.maxPending < 1) {
            throw new IllegalArgumentException("--max-pending-labels must be >= 1, got " + learning.maxPending);
        }
        return Inputs.labels(env, common, "--labels", learning.labels);
    }

    /** Adds the conformal summary to a job's summary when the run had {@code --conformal}. */
    public static JobSummary putConformal(JobSummary summary, JobExecutionResult result, LearningOptions learning) {
        if (learning.conformal == null) {
            return summary;
        }
        ConformalSummary conformal = ConformalSummaryFunction.result(result);
        if (conformal != null) {
            conformal.addFigures(summary, Double.NaN);
        }
        return summary.put("conformal", conformal);
    }

    /** The prediction streams of a learning pipeline, for the job's summary. */
    public static final class LearningStreams {

        private final DataStream<Prediction> predictions;
        private final DataStream<Prediction> labelledLater;
        private final DataStream<ConformalPrediction> conformal;
        private final long conformalWarmUp;

        LearningStreams(DataStream<Prediction> predictions, DataStream<Prediction> labelledLater,
                DataStream<ConformalPrediction> conformal, long conformalWarmUp) {
            this.predictions = predictions;
            this.labelledLater = labelledLater;
            this.conformal = conformal;
            this.conformalWarmUp = conformalWarmUp;
        }

        /**
         * Attaches the job's run summary to every prediction (and to the predictions labelled later),
         * and with {@code --conformal} the conformal summary to the answers: pre-aggregated in each
         * subtask of the model, merged at parallelism 1.
         */
        public <P> void summarize(PredictionSummaryFunction<P, ?> summary) {
            DataStream<P> partials = RunSummaryFunction.partials(predictions, summary.accumulator(true),
                    summary.partialType(), "summary-partials");
            DataStream<P> latePartials = RunSummaryFunction.partials(labelledLater, summary.accumulator(false),
                    summary.partialType(), "late-summary-partials");
            RunSummaryFunction.merge(partials.union(latePartials), summary, "summary");
            if (conformal != null) {
                ConformalSummaryFunction.attach(conformal, null, conformalWarmUp, ConformalSummaryFunction.DEFAULT_WINDOW);
            }
        }

        /** The conformal answers with {@code --conformal} (they go to {@code --sink}), null without. */
        public DataStream<ConformalPrediction> conformal() {
            return conformal;
        }

        /** Every prediction, as it is made. */
        public DataStream<Prediction> predictions() {
            return predictions;
        }

        /** Earlier predictions carrying the label that arrived after them (empty without --labels). */
        public DataStream<Prediction> labelledLater() {
            return labelledLater;
        }
    }
}
