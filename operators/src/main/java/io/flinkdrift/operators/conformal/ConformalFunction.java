package io.flinkdrift.operators.conformal;

import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed conformal risk control of a stream of predictions made elsewhere: each {@link Prediction}
 * (with its truth when known) is answered with a {@link ConformalPrediction}, and labelled
 * predictions at calibration indices calibrate the key's controller ({@link KeyedConformal}). The
 * predictions at training indices of the {@link io.flinkdrift.core.conformal.SplitRule} are those
 * the upstream model may train on; use {@code SplitRule.calibrateEvery(1)} when the model never
 * trains on this stream. Similarity weights compare the model outputs ({@link
 * ConformalTask#outputVector}).
 */
public class ConformalFunction extends KeyedProcessFunction<String, Prediction, ConformalPrediction> {

    private static final long serialVersionUID = 1L;

    private final KeyedConformal<?> conformal;

    /** @throws IllegalArgumentException if {@code conformal} is null */
    public ConformalFunction(KeyedConformal<?> conformal) {
        if (conformal == null) {
            throw new IllegalArgumentException("conformal must not be null");
        }
        this.conformal = conformal;
    }

    @Override
    public void open(OpenContext openContext) {
        conformal.open(getRuntimeContext());
    }

    @Override
    public void processElement(Prediction prediction, Context ctx, Collector<ConformalPrediction> out)
            throws Exception {
        out.collect(conformal.process(prediction, conformal.task().outputVector(prediction)));
    }
}
