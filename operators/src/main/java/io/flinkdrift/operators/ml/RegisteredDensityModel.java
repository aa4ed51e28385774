package io.flinkdrift.operators.ml;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.operators.density.DensityEstimatorDeclaration;
import io.flinkdrift.operators.density.DensityEstimatorRegistry;
import io.flinkdrift.operators.learning.ModelSnapshot;
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
 * The Flink ML {@link Model} of a density estimator of {@link DensityEstimatorRegistry} (see {@link
 * RegisteredDensityEstimator}): {@link #transform} appends to every input row its log-density under
 * the newest version of its key's estimator ({@link DensityModelParams#LOG_DENSITY_COL}, DOUBLE, the
 * {@code logDensity} of the {@code density} job's scores), whether it lies outside that estimator's
 * support ({@link DensityModelParams#OUT_OF_RANGE_COL}, BOOLEAN, the job's {@code outOfRange}) and
 * that version ({@link HasModelVersionCol#MODEL_VERSION_COL}, BIGINT: the points the estimator had
 * accepted). The score of a row under version {@code v} is exactly the score the {@code density} job
 * gives a point arriving after the key's first {@code v} points. Rows are scored, not added: the
 * model changes only with its model data.
 *
 * <p>The model data ({@link #setModelData}) is one table of {@link ModelSnapshot} rows, typically the
 * unbounded stream of versions from {@link RegisteredDensityEstimator#fit}. Rows and versions are
 * both partitioned by key, so each parallel instance keeps the newest version of its own keys only,
 * in keyed state through the estimator's codec; a version not newer than the one held is ignored.
 * A key's rows that arrive before its first version wait in keyed state until it comes, so fit the
 * keys you transform: the rows of a key that never gets a version are never emitted.
 */
public class RegisteredDensityModel
        implements Model<RegisteredDensityModel>, DensityModelParams<RegisteredDensityModel> {

    private static final long serialVersionUID = 1L;

    private final String estimator;
    private final Map<Param<?>, Object> paramMap;
    private Table modelData;

    public RegisteredDensityModel(DensityEstimatorDeclaration<?> declaration) {
        this.estimator = declaration.name();
        this.paramMap = DensityStages.params(this, declaration);
    }

    /** The declaration of the estimator whose versions this model scores with. */
    public DensityEstimatorDeclaration<?> declaration() {
        return DensityEstimatorRegistry.find(estimator);
    }

    /** @throws IllegalArgumentException if the estimator does not take {@code param}, or for an invalid value */
    @Override
    public <V> RegisteredDensityModel set(Param<V> param, V value) {
        DensityStages.checkTakes(paramMap, declaration(), param);
        return DensityModelParams.super.set(param, value);
    }

    @Override
    public RegisteredDensityModel setModelData(Table... inputs) {
        Preconditions.checkArgument(inputs.length == 1, "model data is one table, got %s", inputs.length);
        modelData = inputs[0];
        return this;
    }

    @Override
    public Table[] getModelData() {
        return new Table[] {modelData};
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting of the estimator, or a column
     *     that is not in the table
     */
    @Override
    public Table[] transform(Table... inputs) {
        StreamTableEnvironment tEnv = OnlineLearnerModel.transformEnvironment(inputs, modelData);
        int featuresIndex = OnlineLearnerEstimator.columnIndex(inputs[0], getFeaturesCol());
        DataStream<Row> scores = KeyedVersionsFunction.answers(tEnv, inputs[0], getKeyCol(), modelData,
                        scoring(declaration(), featuresIndex, KeyedVersionsFunction.rowType(inputs[0])),
                        new String[] {getLogDensityCol(), getOutOfRangeCol(), getModelVersionCol()},
                        Types.DOUBLE, Types.BOOLEAN, Types.LONG)
                .name("score with the newest estimator version of the key");
        return new Table[] {tEnv.fromDataStream(scores)};
    }

    private static <E extends DensityEstimator> VersionedDensityFunction<E> scoring(
            DensityEstimatorDeclaration<E> declaration, int featuresIndex, RowTypeInfo inputType) {
        return new VersionedDensityFunction<>(declaration.codecClass(), featuresIndex, inputType);
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
        OnlineLearnerModel.save(this, path, DensityStages.metadata(declaration()), modelData);
    }

    /** Loads a model saved by {@link #save}: its params, and its model data as a bounded table. */
    public static RegisteredDensityModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        return DensityStages.load(path, RegisteredDensityModel::new)
                .setModelData(ReadWriteUtils.loadModelData(tEnv, path, new ModelSnapshotFormat()));
    }
}
