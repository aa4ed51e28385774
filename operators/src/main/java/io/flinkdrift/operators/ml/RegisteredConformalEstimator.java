package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.conformal.ConformalControllerDeclaration;
import io.flinkdrift.operators.conformal.ConformalFunction;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.ml.api.Estimator;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableImpl;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

import java.io.IOException;
import java.util.Map;

/**
 * The Flink ML {@link Estimator} of conformal risk control with a controller and a loss of {@link
 * ConformalRegistry}, its params being those of the two declarations (at the {@code conformal} job's
 * defaults, e.g. {@code HasAlpha.ALPHA} 0.1) and of {@link ConformalEstimatorParams}. {@link #fit}
 * calibrates one controller per key ({@link HasKeyCol#KEY_COL}) on a table of model outputs with
 * their truth, with the {@code conformal} job's keyed operator ({@link ConformalFunction}), and
 * returns a {@link RegisteredConformalModel} whose model data is the stream of versions of every
 * key's calibrated state: one after every {@link HasSnapshotEvery#SNAPSHOT_EVERY} rows of the key.
 * See {@code docs/conformal.md} for the controllers, losses and their guarantees.
 *
 * <pre>{@code
 * RegisteredConformalModel model = new RegisteredConformalEstimator(
 *                 ConformalRegistry.controller("nex-crc"), ConformalRegistry.loss("interval"))
 *         .set(HasAlpha.ALPHA, 0.1).set(HasWeights.RHO, 0.99)
 *         .setPredictionCol("yhat").setLabelCol("y").setKeyCol("sensor").setSnapshotEvery(1000)
 *         .fit(calibration);
 * }</pre>
 *
 * <p>Each row is one element of its key's stream, in the order the rows arrive (fit at parallelism 1,
 * or from a source that keeps each key's rows in order): its model output (the {@link
 * HasPredictionCol#PREDICTION_COL} for the interval losses, the {@link
 * HasRawPredictionCol#RAW_PREDICTION_COL} vector for the set losses), its truth ({@link
 * HasLabelCol#LABEL_COL}, required; a null truth is an unlabelled row) and its event time (the row's
 * Flink timestamp, or its position among the rows of its subtask when it has none). As in the job,
 * the labelled rows at the calibrating indices of {@code calibrateEvery} calibrate the controller
 * (use 1 when the model never trained on these rows). A row whose model output is null is skipped
 * and counted in {@link #SKIPPED_ROWS}. The controllers are checkpointed through their {@code
 * StateCodec}s.
 *
 * <p>Model data: a table of {@link ModelSnapshot} rows ({@code key}, {@code modelVersion} = rows of
 * the key so far, {@code timestamp} of the row that completed it, {@code formatVersion}, {@code state}
 * = a {@link io.flinkdrift.operators.conformal.ConformalCalibration}), in strictly increasing {@code
 * modelVersion} per key.
 */
public class RegisteredConformalEstimator
        implements Estimator<RegisteredConformalEstimator, RegisteredConformalModel>,
                ConformalEstimatorParams<RegisteredConformalEstimator> {

    private static final long serialVersionUID = 1L;

    /** Accumulator counting training rows skipped for a null model output. */
    public static final String SKIPPED_ROWS = "ml.conformal.skippedRows";

    private final String controller;
    private final String loss;
    private final Map<Param<?>, Object> paramMap;

    public RegisteredConformalEstimator(ConformalControllerDeclaration controller, ConformalLossDeclaration loss) {
        this.controller = controller.name();
        this.loss = loss.name();
        this.paramMap = ConformalStages.params(this, controller, loss);
    }

    /** The declaration of the controller this stage calibrates. */
    public ConformalControllerDeclaration controller() {
        return ConformalRegistry.controller(controller);
    }

    /** The declaration of the loss this stage controls. */
    public ConformalLossDeclaration loss() {
        return ConformalRegistry.loss(loss);
    }

    /**
     * @throws IllegalArgumentException if neither the controller nor the loss takes {@code param}, or
     *     for an invalid value
     */
    @Override
    public <V> RegisteredConformalEstimator set(Param<V> param, V value) {
        ConformalStages.checkTakes(paramMap, controller(), loss(), param);
        return ConformalEstimatorParams.super.set(param, value);
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting or combination of the
     *     controller and the loss (as the {@code conformal} job refuses it), or a column that is not in
     *     the table
     */
    @Override
    public RegisteredConformalModel fit(Table... inputs) {
        Preconditions.checkArgument(inputs.length == 1, "fit takes one table, got %s", inputs.length);
        StreamTableEnvironment tEnv = (StreamTableEnvironment) ((TableImpl) inputs[0]).getTableEnvironment();
        KeyedConformal<?> conformal = ConformalStages.conformal(this, controller(), loss());
        ConformalRows rows = ConformalRows.of(inputs[0], this, loss().intervals(), conformal.task(), true);
        DataStream<Prediction> predictions = tEnv.toDataStream(inputs[0])
                .process(new RowToPrediction(rows))
                .name("to predictions");
        SingleOutputStreamOperator<ConformalPrediction> control = predictions
                .keyBy(prediction -> prediction.key, Types.STRING)
                .process(new ConformalFunction(conformal, getSnapshotEvery()))
                .name("conformal control");
        DataStream<ModelSnapshot> versions = control.getSideOutput(ConformalFunction.SNAPSHOTS);
        RegisteredConformalModel model = new RegisteredConformalModel(controller(), loss())
                .setModelData(tEnv.fromDataStream(versions));
        ParamUtils.updateExistingParams(model, getParamMap());
        return model;
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path, ConformalStages.metadata(controller(), loss()));
    }

    /** Loads an estimator saved by {@link #save}. */
    public static RegisteredConformalEstimator load(StreamTableEnvironment tEnv, String path) throws IOException {
        return ConformalStages.load(path, RegisteredConformalEstimator::new);
    }

    /** Turns a row into a prediction of its key; a row with a null model output is skipped ({@link #SKIPPED_ROWS}). */
    private static final class RowToPrediction extends TrainingRows<Prediction> {

        private static final long serialVersionUID = 1L;

        private final ConformalRows rows;

        RowToPrediction(ConformalRows rows) {
            super(SKIPPED_ROWS);
            this.rows = rows;
        }

        @Override
        Prediction record(Row row, long id, long timestamp) {
            return rows.prediction(row, id, timestamp);
        }
    }
}
