package io.flinkdrift.operators.conformal;

import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;

/**
 * Keyed conformal risk control of a stream of predictions made elsewhere: each {@link Prediction}
 * (with its truth when known) is answered with a {@link ConformalPrediction}, and labelled
 * predictions at calibration indices calibrate the key's controller ({@link KeyedConformal}). The
 * predictions at training indices of the {@link io.flinkdrift.core.conformal.SplitRule} are those
 * the upstream model may train on; use {@code SplitRule.calibrateEvery(1)} when the model never
 * trains on this stream. Similarity weights compare the model outputs ({@link
 * ConformalTask#outputVector}).
 *
 * <p>With {@code snapshotEvery > 0}, the side output {@link #SNAPSHOTS} carries the key's calibrated
 * state after every {@code snapshotEvery}-th element of the key ({@link KeyedConformal#snapshot}, its
 * {@code modelVersion} being the key's element count): the model data of the Flink ML conformal
 * stages.
 */
public class ConformalFunction extends KeyedProcessFunction<String, Prediction, ConformalPrediction> {

    private static final long serialVersionUID = 1L;

    /** The side output of the calibration snapshots. */
    public static final OutputTag<ModelSnapshot> SNAPSHOTS =
            new OutputTag<>("conformal-snapshots", TypeInformation.of(ModelSnapshot.class));

    private final KeyedConformal<?> conformal;
    private final long snapshotEvery;

    /** @throws IllegalArgumentException if {@code conformal} is null */
    public ConformalFunction(KeyedConformal<?> conformal) {
        this(conformal, 0);
    }

    /**
     * @param snapshotEvery emit a {@link #SNAPSHOTS snapshot} after every {@code snapshotEvery}-th
     *     element of a key; 0 = never
     * @throws IllegalArgumentException if {@code conformal} is null or {@code snapshotEvery < 0}
     */
    public ConformalFunction(KeyedConformal<?> conformal, long snapshotEvery) {
        checkArguments(conformal, snapshotEvery);
        this.conformal = conformal;
        this.snapshotEvery = snapshotEvery;
    }

    /** @throws IllegalArgumentException if {@code conformal} is null or {@code snapshotEvery < 0} */
    static void checkArguments(KeyedConformal<?> conformal, long snapshotEvery) {
        if (conformal == null) {
            throw new IllegalArgumentException("conformal must not be null");
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be >= 0 (0 = never), got " + snapshotEvery);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        conformal.open(getRuntimeContext());
    }

    @Override
    public void processElement(Prediction prediction, Context ctx, Collector<ConformalPrediction> out)
            throws Exception {
        answer(conformal, snapshotEvery, ctx.getCurrentKey(), prediction, out, ctx::output);
    }

    /**
     * Answers the current key's next prediction and emits the key's snapshot when it is due: the step
     * of this function and of {@link BundledConformalOperator}.
     */
    static void answer(KeyedConformal<?> conformal, long snapshotEvery, String key, Prediction prediction,
            Collector<ConformalPrediction> out, KeyedModel.SideOutputs side) throws IOException {
        ConformalPrediction answer = conformal.process(prediction, conformal.task().outputVector(prediction));
        out.collect(answer);
        if (snapshotEvery > 0 && (answer.streamIndex + 1) % snapshotEvery == 0) {
            side.output(SNAPSHOTS, conformal.snapshot(key, prediction.timestamp));
        }
    }
}
