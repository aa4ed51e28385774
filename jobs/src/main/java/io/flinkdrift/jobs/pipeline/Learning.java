package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.LearningOptions;
import io.flinkdrift.jobs.runtime.CountingFunction;
import io.flinkdrift.operators.learning.DelayedLabelLearningFunction;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
     * @return every prediction as it is made, and earlier predictions whose label came later
     * @throws IllegalArgumentException for an invalid option
     */
    public static LearningStreams build(StreamExecutionEnvironment env, CommonOptions common,
            LearningOptions learning, LearnerChoice learner, FormatSpec.LabelKind labelKind, String jobName,
            String uid) {
        if (learning.snapshotEvery < 0) {
            throw new IllegalArgumentException("--snapshot-every must be >= 0, got " + learning.snapshotEvery);
        }
        ExampleInput input = Inputs.open(env, common, labelKind);
        DataStream<RejectedRecord> rejected = input.rejected();
        SingleOutputStreamOperator<Prediction> model;
        if (learning.labels == null) {
            model = input.examples()
                    .keyBy(example -> example.key)
                    .process(learner.prequential(learning.snapshotEvery));
        } else {
            if (learning.maxLabelDelayMs < 0) {
                throw new IllegalArgumentException("--max-label-delay must be >= 0, got " + learning.maxLabelDelayMs);
            }
            if (learning.maxPending < 1) {
                throw new IllegalArgumentException("--max-pending-labels must be >= 1, got " + learning.maxPending);
            }
            LabelInput labels = Inputs.labels(env, common, "--labels", learning.labels);
            model = input.examples()
                    .connect(labels.labels())
                    .keyBy(example -> example.key, label -> label.key)
                    .process(learner.delayedLabels(learning.maxLabelDelayMs, learning.maxPending,
                            learning.snapshotEvery));
            rejected = rejected == null ? labels.rejected() : rejected.union(labels.rejected());
        }
        model.name(jobName + " (" + learner.name() + ")").uid(uid);
        DataStream<RejectedRecord> refusedLabels = model.getSideOutput(KeyedModel.REJECTED_LABELS);
        rejected = rejected == null ? refusedLabels : rejected.union(refusedLabels);
        DataStream<Prediction> predictions = model
                .map(new CountingFunction<Prediction>())
                .returns(TypeInformation.of(Prediction.class))
                .name("count")
                .uid("count");
        Outputs.write(predictions, "--sink", common.sink, "predictions", jobName, common);
        Outputs.write(rejected, "--dead-letter", common.deadLetter, "dead-letter", jobName, common);
        if (learning.snapshotEvery > 0) {
            Outputs.write(model.getSideOutput(KeyedModel.SNAPSHOTS), "--snapshots", learning.snapshots,
                    "snapshots", jobName, common);
        }
        return new LearningStreams(predictions,
                model.getSideOutput(DelayedLabelLearningFunction.LABELLED_PREDICTIONS));
    }

    /** The prediction streams of a learning pipeline, for the job's summary. */
    public static final class LearningStreams {

        private final DataStream<Prediction> predictions;
        private final DataStream<Prediction> labelledLater;

        LearningStreams(DataStream<Prediction> predictions, DataStream<Prediction> labelledLater) {
            this.predictions = predictions;
            this.labelledLater = labelledLater;
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
