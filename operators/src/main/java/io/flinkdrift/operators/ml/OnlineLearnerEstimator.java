package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.learning.PrequentialFunction;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.ml.api.Estimator;
import org.apache.flink.ml.linalg.Vector;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableImpl;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Flink ML {@link Estimator} of a learner of {@link LearnerRegistry}, its params being those
 * of the learner's {@link LearnerDeclaration} (at the learner's defaults) and of {@link
 * OnlineClassifierParams}: {@link #fit} trains one model, in prequential order, on every labelled
 * row of an unbounded (or bounded) table and returns an {@link OnlineLearnerModel} whose model data
 * is the stream of versions of that model, one every {@link HasSnapshotEvery#SNAPSHOT_EVERY}
 * updates.
 *
 * <p>Input columns: {@link HasFeaturesCol#FEATURES_COL} (a Flink ML {@link Vector}, one dimension
 * for the whole table) and {@link HasLabelCol#LABEL_COL} (a class index 0, 1, ... for a classifier,
 * a real target for a regressor; a row whose label is null or NaN is skipped, and a row with
 * unusable features is skipped and counted, see {@link #SKIPPED_ROWS}). Training runs in one
 * parallel instance (the model is global), as the {@code UpdateModel} operator of Flink ML's online
 * algorithms does, and reuses the keyed learning operator of the {@code classify} and {@code
 * regress} jobs ({@link PrequentialFunction}) with a single key:
 * the model is checkpointed through its {@code StateCodec}, and a label the learner refuses (e.g. a
 * class other than 0 or 1 for a binary model) is skipped, not thrown.
 *
 * <p>Model data: a table of {@link ModelSnapshot} rows ({@code key}, {@code modelVersion} = number
 * of updates, {@code timestamp} of the update that completed it, {@code formatVersion}, {@code
 * state} = the learner's codec output), in strictly increasing {@code modelVersion}.
 *
 * @param <E> the estimator class
 * @param <M> the model class
 */
public abstract class OnlineLearnerEstimator<E extends OnlineLearnerEstimator<E, M>,
                M extends OnlineLearnerModel<M>>
        implements Estimator<E, M>, OnlineClassifierParams<E> {

    private static final long serialVersionUID = 1L;

    /** The key of the one model that {@link #fit} trains. */
    static final String MODEL_KEY = "model";

    /** Accumulator counting training rows skipped for unusable features. */
    public static final String SKIPPED_ROWS = "ml.skippedRows";

    private final Map<Param<?>, Object> paramMap = new HashMap<>();
    private final LearnerDeclaration.Task task;
    private final String learner;

    protected OnlineLearnerEstimator(LearnerDeclaration<?> declaration) {
        this.task = declaration.task();
        this.learner = declaration.name();
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
        paramMap.putAll(declaration.params());
    }

    /** The declaration of the learner this estimator trains. */
    public LearnerDeclaration<?> declaration() {
        return LearnerRegistry.find(task, learner);
    }

    /** A model of the matching class, with default params. */
    protected abstract M newModel();

    @Override
    public M fit(Table... inputs) {
        Preconditions.checkArgument(inputs.length == 1, "fit takes one table, got %s", inputs.length);
        StreamTableEnvironment tEnv = (StreamTableEnvironment) ((TableImpl) inputs[0]).getTableEnvironment();
        int featuresIndex = columnIndex(inputs[0], getFeaturesCol());
        int labelIndex = columnIndex(inputs[0], getLabelCol());
        DataStream<Example> examples = tEnv.toDataStream(inputs[0])
                .process(new RowToExample(featuresIndex, labelIndex))
                .name("to examples");
        SingleOutputStreamOperator<Prediction> learning = examples
                .keyBy(example -> example.key)
                .process(prequential(declaration().model(this, getSnapshotEvery())))
                .name("online learning")
                .setParallelism(1);
        DataStream<ModelSnapshot> versions = learning.getSideOutput(KeyedModel.SNAPSHOTS);
        M model = newModel().setModelData(tEnv.fromDataStream(versions));
        ParamUtils.updateExistingParams(model, getParamMap());
        return model;
    }

    private static <L extends OnlineLearner> PrequentialFunction<L> prequential(KeyedModel<L> model) {
        return new PrequentialFunction<>(model);
    }

    /** @throws IllegalArgumentException if {@code table} has no column {@code name} */
    static int columnIndex(Table table, String name) {
        int index = table.getResolvedSchema().getColumnNames().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("Column '" + name + "' is not in the input table "
                    + table.getResolvedSchema().getColumnNames());
        }
        return index;
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path, LearnerStages.metadata(declaration()));
    }

    /**
     * Turns a row into a labelled example of the one model key. Rows without a label are skipped;
     * so are rows whose features are null, non-finite or of another dimension than the first row's
     * (the learner would throw), counted in the {@link #SKIPPED_ROWS} accumulator.
     */
    private static final class RowToExample extends ProcessFunction<Row, Example> {

        private static final long serialVersionUID = 1L;

        private final int featuresIndex;
        private final int labelIndex;
        private transient long rows;
        private transient int dimension;
        private transient LongCounter skipped;

        RowToExample(int featuresIndex, int labelIndex) {
            this.featuresIndex = featuresIndex;
            this.labelIndex = labelIndex;
        }

        @Override
        public void open(OpenContext openContext) {
            skipped = getRuntimeContext().getLongCounter(SKIPPED_ROWS);
        }

        @Override
        public void processElement(Row row, Context ctx, Collector<Example> out) {
            long id = rows++;
            Number label = (Number) row.getField(labelIndex);
            if (label == null || Double.isNaN(label.doubleValue())) {
                return;
            }
            Vector vector = (Vector) row.getField(featuresIndex);
            double[] features = vector == null ? null : vector.toArray();
            if (dimension == 0 && features != null) {
                dimension = features.length;
            }
            if (features == null || features.length != dimension
                    || !Arrays.stream(features).allMatch(Double::isFinite)) {
                skipped.add(1L);
                return;
            }
            // without event time, the row's position in this subtask stamps the model versions
            long timestamp = ctx.timestamp() == null ? id : ctx.timestamp();
            out.collect(new Example(id, MODEL_KEY, timestamp, features, label.doubleValue(),
                    Example.UNKNOWN_CONCEPT));
        }
    }
}
