package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.ModelRun;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;

/**
 * Keyed prequential learning with conformal risk control in one function, so the model and the
 * controller agree on every element's role: the key's n-th example is predicted by the key's model,
 * answered with λ̂ and C<sub>λ̂</sub>, then, if labelled, either trains the model (n a training index
 * of the split) or calibrates the controller (n a calibration index), never both. Calibration
 * losses therefore come from predictions of a model that never trained on them (docs/conformal.md,
 * "The split and streaming semantics"). The
 * paper's ELEC2 setup is the alternating split: odd indices train, even indices calibrate.
 * Similarity weights compare the example features.
 *
 * @param <L> the learner type
 */
public class ConformalLearningFunction<L extends OnlineLearner>
        extends KeyedProcessFunction<String, Example, ConformalPrediction> {

    private static final long serialVersionUID = 1L;

    private static final Collector<Prediction> DISCARD = new Collector<>() {
        @Override
        public void collect(Prediction prediction) {}

        @Override
        public void close() {}
    };

    private final KeyedModel<L> model;
    private final KeyedConformal<?> conformal;

    public ConformalLearningFunction(KeyedModel<L> model, KeyedConformal<?> conformal) {
        checkArguments(model, conformal);
        this.model = model;
        this.conformal = conformal;
    }

    /** @throws IllegalArgumentException if {@code model} or {@code conformal} is null */
    static void checkArguments(KeyedModel<?> model, KeyedConformal<?> conformal) {
        if (model == null || conformal == null) {
            throw new IllegalArgumentException("model and conformal must not be null");
        }
    }

    @Override
    public void open(OpenContext openContext) {
        model.open(getRuntimeContext());
        conformal.open(getRuntimeContext());
    }

    @Override
    public void processElement(Example example, Context ctx, Collector<ConformalPrediction> out) throws Exception {
        ModelRun<L> run = new ModelRun<>(model);
        answer(run, conformal, example, out, ctx::output);
        run.finish();
    }

    /**
     * Predicts, answers and learns the current key's next example in a run of the key's model, which
     * writes the model back when it {@link ModelRun#finish finishes}: the step of this function and of
     * {@link BundledConformalLearningOperator}.
     */
    static <L extends OnlineLearner> void answer(ModelRun<L> run, KeyedConformal<?> conformal, Example example,
            Collector<ConformalPrediction> out, KeyedModel.SideOutputs side) throws IOException {
        double trainingLabel = conformal.trains(conformal.nextIndex()) ? example.label : Double.NaN;
        // The plain prediction is not emitted: the answer built from it is.
        Prediction made = run.predictThenLearn(example, trainingLabel, DISCARD, side);
        made.label = example.label;
        out.collect(conformal.process(made, example.features));
    }
}
