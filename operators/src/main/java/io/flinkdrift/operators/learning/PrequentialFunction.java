package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed prequential learning: for every example, predict with the key's model, emit the
 * prediction, then train on the example if it is labelled. One model per key, kept by a {@link
 * KeyedModel}; each {@link Prediction} carries the model version (updates received) from before
 * the update, as prequential evaluation requires. Model snapshots go to {@link
 * KeyedModel#SNAPSHOTS} when enabled. Use {@link PrequentialClassifierFunction} or {@link
 * PrequentialRegressorFunction}; refused labels go to {@link KeyedModel#REJECTED_LABELS}; for labels that arrive separately use {@link
 * DelayedLabelLearningFunction}.
 *
 * @param <L> the learner type
 */
public class PrequentialFunction<L extends OnlineLearner>
        extends KeyedProcessFunction<String, Example, Prediction> {

    private static final long serialVersionUID = 1L;

    private final KeyedModel<L> model;

    public PrequentialFunction(KeyedModel<L> model) {
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) {
        model.open(getRuntimeContext());
    }

    @Override
    public void processElement(Example example, Context ctx, Collector<Prediction> out) throws Exception {
        model.predictThenLearn(example, example.label, out, ctx::output);
    }
}
