package io.flinkdrift.operators.ml;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.CodecSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.linalg.Vector;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;

/**
 * Appends (log-density, out of range, model version) to every input row, scoring it, without
 * adding it, under the newest estimator version of its key ({@link KeyedVersionsFunction}: a key's
 * rows wait for its first version). A row the estimator cannot use (null or NaN features, another
 * dimension) gets log-density NaN, as in the {@code density} job, and does not fail the job.
 *
 * @param <E> the estimator type
 */
final class VersionedDensityFunction<E extends DensityEstimator> extends KeyedVersionsFunction<E> {

    private static final long serialVersionUID = 1L;

    private final Class<? extends StateCodec<E>> codecClass;
    private final int featuresIndex;

    private transient StateCodec<E> codec;

    /** Scores with the versions of estimators in {@code codecClass}'s format; features in column {@code featuresIndex}. */
    VersionedDensityFunction(Class<? extends StateCodec<E>> codecClass, int featuresIndex, RowTypeInfo inputType) {
        super("density-estimator", new CodecSerializer<>(codecClass), inputType);
        this.codecClass = codecClass;
        this.featuresIndex = featuresIndex;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        codec = InstantiationUtil.instantiate(codecClass);
    }

    @Override
    E decode(ModelSnapshot snapshot) throws IOException {
        return snapshot.decode(codec);
    }

    @Override
    Row answer(E current, long modelVersion, Row row, Context ctx) {
        Vector vector = (Vector) row.getField(featuresIndex);
        double[] features = vector == null ? null : vector.toArray();
        return AppendedColumns.row(row, features == null ? Double.NaN : current.logDensity(features),
                features != null && !current.covers(features), modelVersion);
    }
}
