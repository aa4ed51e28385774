package io.flinkdrift.operators.ml;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.operators.density.DensityEstimationFunction;
import io.flinkdrift.operators.density.DensityEstimatorDeclaration;
import io.flinkdrift.operators.density.DensityEstimatorRegistry;
import io.flinkdrift.operators.density.DensityScore;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.ml.api.Estimator;
import org.apache.flink.ml.linalg.Vector;
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
 * The Flink ML {@link Estimator} of a density estimator of {@link DensityEstimatorRegistry}, its
 * params being those of the estimator's {@link DensityEstimatorDeclaration} (at the estimator's
 * defaults, e.g. {@code HasGrid.BINS}) and of {@link DensityEstimatorParams}: {@link #fit} learns one
 * estimator per key ({@link HasKeyCol#KEY_COL}) from the points of {@link HasFeaturesCol#FEATURES_COL}
 * (a Flink ML {@link Vector}) of an unbounded or bounded table, with the keyed operator of the {@code
 * density} job ({@link DensityEstimationFunction}), and returns a {@link RegisteredDensityModel} whose
 * model data is the stream of versions of every key's estimator: one after every {@link
 * HasSnapshotEvery#SNAPSHOT_EVERY} points a key's estimator accepted. A param the estimator does not
 * take is refused with the registry's message:
 *
 * <pre>{@code
 * RegisteredDensityModel model = new RegisteredDensityEstimator(DensityEstimatorRegistry.find("experts"))
 *         .set(HasGrid.GRID_LO, new Double[] {-12.0}).set(HasGrid.GRID_HI, new Double[] {12.0})
 *         .setFeaturesCol("x").setKeyCol("sensor").setSnapshotEvery(1000)
 *         .fit(points);
 * }</pre>
 *
 * <p>Learning is keyed and runs at the table's parallelism. A point the estimator cannot use (NaN
 * coordinate, another dimension than its key's first point) is not added, as in the {@code density}
 * job; a row whose features are null is skipped and counted in {@link #SKIPPED_ROWS}. The estimators
 * are checkpointed through their {@code StateCodec}s.
 *
 * <p>Model data: a table of {@link ModelSnapshot} rows ({@code key}, {@code modelVersion} = points
 * the key's estimator accepted, {@code timestamp} of the point that completed it, {@code
 * formatVersion}, {@code state} = the estimator's codec output), in strictly increasing {@code
 * modelVersion} per key. See {@code docs/density.md}.
 */
public class RegisteredDensityEstimator
        implements Estimator<RegisteredDensityEstimator, RegisteredDensityModel>,
                DensityEstimatorParams<RegisteredDensityEstimator> {

    private static final long serialVersionUID = 1L;

    /** Accumulator counting training rows skipped for null features. */
    public static final String SKIPPED_ROWS = "ml.density.skippedRows";

    private final String estimator;
    private final Map<Param<?>, Object> paramMap;

    public RegisteredDensityEstimator(DensityEstimatorDeclaration<?> declaration) {
        this.estimator = declaration.name();
        this.paramMap = DensityStages.params(this, declaration);
    }

    /** The declaration of the estimator this stage learns. */
    public DensityEstimatorDeclaration<?> declaration() {
        return DensityEstimatorRegistry.find(estimator);
    }

    /** @throws IllegalArgumentException if the estimator does not take {@code param}, or for an invalid value */
    @Override
    public <V> RegisteredDensityEstimator set(Param<V> param, V value) {
        DensityStages.checkTakes(paramMap, declaration(), param);
        return DensityEstimatorParams.super.set(param, value);
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting of the estimator, or a column
     *     that is not in the table
     */
    @Override
    public RegisteredDensityModel fit(Table... inputs) {
        Preconditions.checkArgument(inputs.length == 1, "fit takes one table, got %s", inputs.length);
        StreamTableEnvironment tEnv = (StreamTableEnvironment) ((TableImpl) inputs[0]).getTableEnvironment();
        KeyedStateSpec<? extends DensityEstimator> factory = declaration().factory(this);
        DataStream<Example> points = tEnv.toDataStream(inputs[0])
                .process(new RowToPoint(OnlineLearnerEstimator.columnIndex(inputs[0], getFeaturesCol()),
                        KeyedVersionsFunction.keyIndex(inputs[0], getKeyCol())))
                .name("to points");
        SingleOutputStreamOperator<DensityScore> learning = points
                .keyBy(example -> example.key, Types.STRING)
                .process(learning(factory, getSnapshotEvery()))
                .name("density estimation");
        DataStream<ModelSnapshot> versions = learning.getSideOutput(DensityEstimationFunction.SNAPSHOTS);
        RegisteredDensityModel model = new RegisteredDensityModel(declaration())
                .setModelData(tEnv.fromDataStream(versions));
        ParamUtils.updateExistingParams(model, getParamMap());
        return model;
    }

    /** The density job's keyed operator, emitting a version every {@code snapshotEvery} points. */
    private static <E extends DensityEstimator> DensityEstimationFunction<E> learning(
            KeyedStateSpec<E> factory, long snapshotEvery) {
        // estimates only at the versions: the side output is not read, but each one costs a pass over the state
        return new DensityEstimationFunction<>(factory, snapshotEvery, snapshotEvery);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path, DensityStages.metadata(declaration()));
    }

    /** Loads an estimator saved by {@link #save}. */
    public static RegisteredDensityEstimator load(StreamTableEnvironment tEnv, String path) throws IOException {
        return DensityStages.load(path, RegisteredDensityEstimator::new);
    }

    /** Turns a row into a point of its key; a row with null features is skipped ({@link #SKIPPED_ROWS}). */
    private static final class RowToPoint extends TrainingRows<Example> {

        private static final long serialVersionUID = 1L;

        private final int featuresIndex;
        private final int keyIndex;

        RowToPoint(int featuresIndex, int keyIndex) {
            super(SKIPPED_ROWS);
            this.featuresIndex = featuresIndex;
            this.keyIndex = keyIndex;
        }

        @Override
        Example record(Row row, long id, long timestamp) {
            Vector features = (Vector) row.getField(featuresIndex);
            return features == null ? null : new Example(id, KeyedVersionsFunction.key(row, keyIndex), timestamp,
                    features.toArray(), Double.NaN, Example.UNKNOWN_CONCEPT);
        }
    }
}
