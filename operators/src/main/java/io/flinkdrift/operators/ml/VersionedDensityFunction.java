package io.flinkdrift.operators.ml;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.CodecSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.linalg.Vector;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;

/**
 * Appends (log-density, out of range, model version) to every input row, scoring it, without
 * adding it, under the newest estimator version of its key received on the second input (both
 * inputs keyed by the model key). A key's rows that arrive before its first version wait in keyed
 * state and are scored when it comes; a version not newer than the current one is ignored. A row
 * the estimator cannot use (null or NaN features, another dimension) gets log-density NaN, as in
 * the {@code density} job, and does not fail the job.
 *
 * @param <E> the estimator type
 */
final class VersionedDensityFunction<E extends DensityEstimator>
        extends KeyedCoProcessFunction<String, Row, ModelSnapshot, Row> {

    private static final long serialVersionUID = 1L;

    private final Class<? extends StateCodec<E>> codecClass;
    private final int featuresIndex;
    private final RowTypeInfo inputType;

    private transient StateCodec<E> codec;
    private transient ValueState<E> estimator;
    private transient ValueState<Long> version;
    private transient ListState<Row> waitingRows;

    /** Scores with the versions of estimators in {@code codecClass}'s format; features in column {@code featuresIndex}. */
    VersionedDensityFunction(Class<? extends StateCodec<E>> codecClass, int featuresIndex, RowTypeInfo inputType) {
        this.codecClass = codecClass;
        this.featuresIndex = featuresIndex;
        this.inputType = inputType;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = InstantiationUtil.instantiate(codecClass);
        estimator = getRuntimeContext().getState(
                new ValueStateDescriptor<>("density-estimator", new CodecSerializer<>(codecClass)));
        version = getRuntimeContext().getState(new ValueStateDescriptor<>("model-version", Types.LONG));
        waitingRows = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-rows", inputType));
    }

    @Override
    public void processElement1(Row row, Context ctx, Collector<Row> out) throws Exception {
        E current = estimator.value();
        if (current == null) {
            waitingRows.add(row);
        } else {
            out.collect(score(current, version.value(), row));
        }
    }

    @Override
    public void processElement2(ModelSnapshot snapshot, Context ctx, Collector<Row> out) throws Exception {
        Long current = version.value();
        if (current != null && snapshot.modelVersion <= current) {
            return;
        }
        E newest = snapshot.decode(codec);
        estimator.update(newest);
        version.update(snapshot.modelVersion);
        if (current == null) {
            for (Row row : waitingRows.get()) {
                out.collect(score(newest, snapshot.modelVersion, row));
            }
            waitingRows.clear();
        }
    }

    private Row score(E current, long modelVersion, Row row) {
        Vector vector = (Vector) row.getField(featuresIndex);
        double[] features = vector == null ? null : vector.toArray();
        return AppendedColumns.row(row, features == null ? Double.NaN : current.logDensity(features),
                features != null && !current.covers(features), modelVersion);
    }
}
