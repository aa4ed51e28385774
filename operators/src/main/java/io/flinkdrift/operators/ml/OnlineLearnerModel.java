package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learning.ModelSnapshot;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.api.Model;
import org.apache.flink.ml.api.Stage;
import org.apache.flink.ml.common.datastream.TableUtils;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableImpl;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Flink ML {@link Model} of a learner of {@link LearnerRegistry}: {@link #transform} appends to
 * every input row the prediction ({@link HasPredictionCol#PREDICTION_COL}, DOUBLE: a classifier's
 * most probable class index, -1 before any class is known or for unusable features; a regressor's
 * predicted value, NaN for unusable features), the class probabilities ({@link
 * HasRawPredictionCol#RAW_PREDICTION_COL}, a {@code DenseVector}, empty for a regressor) and the
 * number of updates of the model that predicted it ({@link HasModelVersionCol#MODEL_VERSION_COL},
 * BIGINT).
 *
 * <p>The model data ({@link #setModelData}) is one table of {@link ModelSnapshot} rows, typically
 * the unbounded stream of versions from {@link OnlineLearnerEstimator#fit}. It is broadcast to
 * every parallel instance, which always predicts with the newest version it has received; rows
 * that arrive before the first version wait in state until it comes (and are never emitted if no
 * version ever comes). Versions replace each other in arrival order, so a prediction's model
 * version never decreases within one parallel instance.
 *
 * @param <M> the model class
 */
public abstract class OnlineLearnerModel<M extends OnlineLearnerModel<M>>
        implements Model<M>, OnlineClassifierModelParams<M> {

    private static final long serialVersionUID = 1L;

    private final Map<Param<?>, Object> paramMap = new HashMap<>();
    private Table modelData;

    private final LearnerDeclaration.Task task;
    private final String learner;

    protected OnlineLearnerModel(LearnerDeclaration<?> declaration) {
        this.task = declaration.task();
        this.learner = declaration.name();
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
    }

    /** The declaration of the learner whose versions this model predicts with. */
    public LearnerDeclaration<?> declaration() {
        return LearnerRegistry.find(task, learner);
    }

    @Override
    @SuppressWarnings("unchecked")
    public M setModelData(Table... inputs) {
        Preconditions.checkArgument(inputs.length == 1, "model data is one table, got %s", inputs.length);
        modelData = inputs[0];
        return (M) this;
    }

    @Override
    public Table[] getModelData() {
        return new Table[] {modelData};
    }

    @Override
    public Table[] transform(Table... inputs) {
        StreamTableEnvironment tEnv = transformEnvironment(inputs, modelData);
        RowTypeInfo inputType = TableUtils.getRowTypeInfo(inputs[0].getResolvedSchema());
        int featuresIndex = OnlineLearnerEstimator.columnIndex(inputs[0], getFeaturesCol());
        DataStream<Row> predictions = tEnv.toDataStream(inputs[0])
                .connect(versions(tEnv, modelData).broadcast())
                .process(predictions(declaration(), featuresIndex, inputType),
                        AppendedColumns.type(inputType,
                                new String[] {getPredictionCol(), getRawPredictionCol(), getModelVersionCol()},
                                Types.DOUBLE, DenseVectorTypeInfo.INSTANCE, Types.LONG))
                .name("predict with the newest model version");
        return new Table[] {tEnv.fromDataStream(predictions)};
    }

    private static <L extends OnlineLearner> VersionedPredictionFunction<L> predictions(
            LearnerDeclaration<L> declaration, int featuresIndex, RowTypeInfo inputType) {
        return new VersionedPredictionFunction<>(declaration, featuresIndex, inputType);
    }

    /**
     * The table environment of a {@code transform}'s one input table.
     *
     * @throws IllegalArgumentException unless there is one input table
     * @throws IllegalStateException if the model has no model data
     */
    static StreamTableEnvironment transformEnvironment(Table[] inputs, Table modelData) {
        Preconditions.checkArgument(inputs.length == 1, "transform takes one table, got %s", inputs.length);
        Preconditions.checkState(modelData != null, "the model has no model data: fit it or call setModelData");
        return (StreamTableEnvironment) ((TableImpl) inputs[0]).getTableEnvironment();
    }

    /** The model data table as a stream of snapshots. */
    static DataStream<ModelSnapshot> versions(StreamTableEnvironment tEnv, Table modelData) {
        return tEnv.toDataStream(modelData).map(new RowToSnapshot()).returns(ModelSnapshot.class);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }

    /**
     * Saves the params and the model data. The model data is written by a file sink when the job of
     * the table environment runs (as Flink ML's {@code ReadWriteUtils.saveModelData}): an unbounded
     * model data stream is saved as it grows, with the file sink's checkpoint-driven commits.
     */
    @Override
    public void save(String path) throws IOException {
        save(this, path, LearnerStages.metadata(declaration()), modelData);
    }

    /** Saves {@code model}'s params with {@code metadata}, and its {@code modelData} (see {@link #save(String)}). */
    static void save(Stage<?> model, String path, Map<String, String> metadata, Table modelData) throws IOException {
        Preconditions.checkState(modelData != null, "the model has no model data to save");
        StreamTableEnvironment tEnv = (StreamTableEnvironment) ((TableImpl) modelData).getTableEnvironment();
        ReadWriteUtils.saveMetadata(model, path, metadata);
        ReadWriteUtils.saveModelData(versions(tEnv, modelData), path, new ModelSnapshotFormat());
    }

    /** Loads a model saved by {@link #save}: its params, and its model data as a bounded table. */
    static <M extends OnlineLearnerModel<M>> M loadModel(StreamTableEnvironment tEnv, String path)
            throws IOException {
        M model = ReadWriteUtils.loadStageParam(path);
        return model.setModelData(ReadWriteUtils.loadModelData(tEnv, path, new ModelSnapshotFormat()));
    }

    private static final class RowToSnapshot implements MapFunction<Row, ModelSnapshot> {

        private static final long serialVersionUID = 1L;

        @Override
        public ModelSnapshot map(Row row) {
            return new ModelSnapshot(row.getFieldAs("key"), row.<Long>getFieldAs("modelVersion"),
                    row.<Long>getFieldAs("timestamp"), row.<Integer>getFieldAs("formatVersion"),
                    row.getFieldAs("state"));
        }
    }
}
