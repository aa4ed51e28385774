package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.conformal.ConformalCalibration;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.ConformalProgress;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.conformal.KeyedConformalState;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.io.IOException;

/**
 * Appends the conformal answer to every input row under the newest calibrated state of its key
 * ({@link KeyedVersionsFunction}: a key's rows wait for its first version): λ̂, the interval (lower,
 * upper) or the set, the loss it realised when the row has a truth, and the version. The answer is
 * exactly the one the {@code conformal} job's operator ({@link KeyedConformal#process}) gives the row
 * as the key's next element after the version's elements: it runs on a fresh copy of the version, so
 * rows are answered, never absorbed. A row without its Flink timestamp is answered at the event time
 * of the version's last element. A row whose model output is null gets NaN, or an empty set.
 *
 * @param <S> the controller state
 */
final class VersionedConformalFunction<S> extends KeyedVersionsFunction<ConformalCalibration> {

    private static final long serialVersionUID = 1L;

    private final KeyedConformal<S> conformal;
    private final ConformalRows rows;
    private final boolean intervals;

    private transient ConformalCalibration.Codec codec;
    private transient Copy<S> copy;

    /** Answers with {@code conformal} the rows read by {@code rows}, with intervals or sets. */
    VersionedConformalFunction(KeyedConformal<S> conformal, ConformalRows rows, boolean intervals,
            RowTypeInfo inputType) {
        super("conformal-calibration", new CodecSerializer<>(ConformalCalibration.Codec.class), inputType);
        this.conformal = conformal;
        this.rows = rows;
        this.intervals = intervals;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        codec = new ConformalCalibration.Codec();
        copy = new Copy<>();
        conformal.open(copy, getRuntimeContext().getMetricGroup());
    }

    @Override
    ConformalCalibration decode(ModelSnapshot snapshot) throws IOException {
        return snapshot.decode(codec);
    }

    @Override
    Row answer(ConformalCalibration current, long modelVersion, Row row, Context ctx) throws IOException {
        long timestamp = ctx.timestamp() == null ? current.timestamp() : ctx.timestamp();
        Prediction prediction = rows.prediction(row, 0, timestamp);
        ConformalPrediction answer = new ConformalPrediction();
        if (prediction != null) {
            copy.calibration = current.calibration(conformal);
            copy.progress = current.progress();
            answer = conformal.process(prediction, conformal.task().outputVector(prediction));
        }
        return intervals
                ? AppendedColumns.row(row, answer.lambda, answer.lower, answer.upper, answer.loss, modelVersion)
                : AppendedColumns.row(row, answer.lambda, answer.set, answer.loss, modelVersion);
    }

    /** The state {@link KeyedConformal#process} reads and writes: a copy of a version, discarded after one row. */
    private static final class Copy<S> implements KeyedConformalState<S> {

        private S calibration;
        private ConformalProgress progress;

        @Override
        public S calibration() {
            return calibration;
        }

        @Override
        public ConformalProgress progress() {
            return progress;
        }

        @Override
        public void update(S newCalibration, ConformalProgress newProgress) {
            calibration = newCalibration;
            progress = newProgress;
        }
    }
}
