package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.conformal.ConformalControllerDeclaration;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.learning.ModelSnapshot;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.api.Model;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

import java.io.IOException;
import java.util.Map;

/**
 * The Flink ML {@link Model} of conformal risk control with a controller and a loss of {@link
 * ConformalRegistry} (see {@link RegisteredConformalEstimator}): {@link #transform} appends to every
 * input row its answer under the newest calibrated state of its key: λ̂ ({@link
 * ConformalModelParams#LAMBDA_COL}, DOUBLE), for an interval loss the interval [ŷ − λ̂, ŷ + λ̂]
 * ({@link ConformalModelParams#LOWER_COL}, {@link ConformalModelParams#UPPER_COL}, DOUBLE) and for a
 * set loss the set ({@link ConformalModelParams#SET_COL}, ARRAY&lt;INT&gt;: class or label indices,
 * ascending), the loss the answer realised ({@link ConformalModelParams#LOSS_COL}, DOUBLE, NaN when
 * the row has no truth: the label column is read when the table has it) and that version ({@link
 * HasModelVersionCol#MODEL_VERSION_COL}, BIGINT: the key's rows it absorbed). The answer of a row under
 * version {@code v} is exactly the answer the {@code conformal} job gives an element arriving after
 * the key's first {@code v} elements (at the row's event time, or without one at the version's). Rows
 * are answered, not absorbed: the model changes only with its model data.
 *
 * <p>The model data ({@link #setModelData}) is one table of {@link ModelSnapshot} rows, typically the
 * unbounded stream of versions from {@link RegisteredConformalEstimator#fit}. Rows and versions are
 * both partitioned by key, so each parallel instance keeps the newest version of its own keys only, in
 * keyed state through {@link io.flinkdrift.operators.conformal.ConformalCalibration.Codec}; a version
 * not newer than the one held is ignored. A key's rows that arrive before its first version wait in
 * keyed state until it comes, so fit the keys you transform: the rows of a key that never gets a
 * version are never emitted.
 */
public class RegisteredConformalModel
        implements Model<RegisteredConformalModel>, ConformalModelParams<RegisteredConformalModel> {

    private static final long serialVersionUID = 1L;

    private final String controller;
    private final String loss;
    private final Map<Param<?>, Object> paramMap;
    private Table modelData;

    public RegisteredConformalModel(ConformalControllerDeclaration controller, ConformalLossDeclaration loss) {
        this.controller = controller.name();
        this.loss = loss.name();
        this.paramMap = ConformalStages.params(this, controller, loss);
    }

    /** The declaration of the controller whose calibrated states this model answers with. */
    public ConformalControllerDeclaration controller() {
        return ConformalRegistry.controller(controller);
    }

    /** The declaration of the loss this model controls. */
    public ConformalLossDeclaration loss() {
        return ConformalRegistry.loss(loss);
    }

    /**
     * @throws IllegalArgumentException if neither the controller nor the loss takes {@code param}, or
     *     for an invalid value
     */
    @Override
    public <V> RegisteredConformalModel set(Param<V> param, V value) {
        ConformalStages.checkTakes(paramMap, controller(), loss(), param);
        return ConformalModelParams.super.set(param, value);
    }

    @Override
    public RegisteredConformalModel setModelData(Table... inputs) {
        Preconditions.checkArgument(inputs.length == 1, "model data is one table, got %s", inputs.length);
        modelData = inputs[0];
        return this;
    }

    @Override
    public Table[] getModelData() {
        return new Table[] {modelData};
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting or combination of the
     *     controller and the loss, or a column that is not in the table
     */
    @Override
    public Table[] transform(Table... inputs) {
        StreamTableEnvironment tEnv = OnlineLearnerModel.transformEnvironment(inputs, modelData);
        KeyedConformal<?> conformal = ConformalStages.conformal(this, controller(), loss());
        boolean intervals = loss().intervals();
        ConformalRows rows = ConformalRows.of(inputs[0], this, intervals, conformal.task(), false);
        String[] names = intervals
                ? new String[] {getLambdaCol(), getLowerCol(), getUpperCol(), getLossCol(), getModelVersionCol()}
                : new String[] {getLambdaCol(), getSetCol(), getLossCol(), getModelVersionCol()};
        TypeInformation<?>[] types = intervals
                ? new TypeInformation<?>[] {Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.LONG}
                : new TypeInformation<?>[] {Types.DOUBLE, Types.PRIMITIVE_ARRAY(Types.INT), Types.DOUBLE, Types.LONG};
        DataStream<Row> answers = KeyedVersionsFunction.answers(tEnv, inputs[0], getKeyCol(), modelData,
                        answering(conformal, rows, intervals, KeyedVersionsFunction.rowType(inputs[0])), names, types)
                .name("answer with the newest calibration of the key");
        return new Table[] {tEnv.fromDataStream(answers)};
    }

    private static <S> VersionedConformalFunction<S> answering(KeyedConformal<S> conformal, ConformalRows rows,
            boolean intervals, RowTypeInfo inputType) {
        return new VersionedConformalFunction<>(conformal, rows, intervals, inputType);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }

    /**
     * Saves the params and the model data, the latter by a file sink when the job of the table
     * environment runs (see {@link OnlineLearnerModel#save}).
     */
    @Override
    public void save(String path) throws IOException {
        OnlineLearnerModel.save(this, path, ConformalStages.metadata(controller(), loss()), modelData);
    }

    /** Loads a model saved by {@link #save}: its params, and its model data as a bounded table. */
    public static RegisteredConformalModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        return ConformalStages.load(path, RegisteredConformalModel::new)
                .setModelData(ReadWriteUtils.loadModelData(tEnv, path, new ModelSnapshotFormat()));
    }
}
