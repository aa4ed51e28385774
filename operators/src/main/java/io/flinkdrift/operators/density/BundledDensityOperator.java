package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.operators.bundle.KeyedBundleOperator;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;

/**
 * {@link DensityEstimationFunction} with bundled state access ({@link KeyedBundleOperator}): a
 * bundle's elements of one key are scored and added in arrival order on the key's estimator, read
 * from state once and written once (if it accepted an element). Scores, estimates and snapshots
 * are those of record-at-a-time processing; on RocksDB, which deserializes the estimator on every
 * read and serializes it on every write, that saves two codec round trips per element but one. Use
 * on {@code examples.keyBy(e -> e.key).transform(...)}; the state is {@link
 * DensityEstimationFunction}'s, so savepoints of either restore into the other.
 *
 * @param <E> the estimator type
 */
public final class BundledDensityOperator<E extends DensityEstimator>
        extends KeyedBundleOperator<String, Example, DensityScore> {

    private static final long serialVersionUID = 1L;

    private final KeyedDensity<E> density;

    /**
     * @param factory creates each key's estimator
     * @param cadence emit an estimate after every {@code cadence}-th accepted element of a key, &ge; 1
     * @param snapshotEvery emit a snapshot after every {@code snapshotEvery}-th accepted element of a
     *     key; 0 = never
     * @throws IllegalArgumentException for an argument out of range
     * @see KeyedBundleOperator#KeyedBundleOperator(int, long)
     */
    public BundledDensityOperator(KeyedStateSpec<E> factory, long cadence, long snapshotEvery, int maxRecords,
            long maxLatencyMs) {
        super(maxRecords, maxLatencyMs);
        this.density = new KeyedDensity<>(factory, cadence, snapshotEvery);
    }

    @Override
    public void open() throws Exception {
        super.open();
        density.open(getRuntimeContext());
    }

    @Override
    protected void processBundle(String key, List<StreamRecord<Example>> records) throws Exception {
        // The estimator that holds the key's accepted elements so far in this bundle; null until one
        // was accepted, so an element that was not re-reads the state, as record at a time does.
        E accepted = null;
        for (StreamRecord<Example> record : records) {
            Example example = record.getValue();
            E current = accepted != null ? accepted : density.load(example);
            stamp(record);
            if (density.scoreThenAdd(current, example, out(), this::sideOutput)) {
                accepted = current;
            }
        }
        if (accepted != null) {
            density.store(accepted);
        }
    }
}
