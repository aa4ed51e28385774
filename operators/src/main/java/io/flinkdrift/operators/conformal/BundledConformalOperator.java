package io.flinkdrift.operators.conformal;

import io.flinkdrift.operators.bundle.KeyedBundleOperator;
import io.flinkdrift.records.Prediction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;

/**
 * {@link ConformalFunction} with bundled state access ({@link KeyedBundleOperator}): a bundle's
 * predictions of one key are answered in arrival order on the key's controller state and progress,
 * read from state once and written once ({@link BundledConformalState}). Answers and {@link
 * ConformalFunction#SNAPSHOTS snapshots} are those of record-at-a-time processing; on RocksDB, which
 * deserializes the controller state (for some controllers a buffer of calibration elements) on every
 * read and serializes it on every write, a bundle of n predictions per key saves 2(n &minus; 1)
 * codec round trips of both states. Use on {@code predictions.keyBy(p -> p.key).transform(...)}; the
 * state is {@link ConformalFunction}'s, so savepoints of either restore into the other.
 */
public final class BundledConformalOperator extends KeyedBundleOperator<String, Prediction, ConformalPrediction> {

    private static final long serialVersionUID = 1L;

    private final KeyedConformal<?> conformal;
    private final long snapshotEvery;

    private transient BundledConformalState<?> state;

    /**
     * @param snapshotEvery as {@link ConformalFunction#ConformalFunction(KeyedConformal, long)}
     * @throws IllegalArgumentException if {@code conformal} is null or an argument is out of range
     * @see KeyedBundleOperator#KeyedBundleOperator(int, long)
     */
    public BundledConformalOperator(KeyedConformal<?> conformal, long snapshotEvery, int maxRecords,
            long maxLatencyMs) {
        super(maxRecords, maxLatencyMs);
        ConformalFunction.checkArguments(conformal, snapshotEvery);
        this.conformal = conformal;
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = conformal.openBundled(getRuntimeContext());
    }

    @Override
    protected void processBundle(String key, List<StreamRecord<Prediction>> records) throws Exception {
        for (StreamRecord<Prediction> record : records) {
            stamp(record);
            ConformalFunction.answer(conformal, snapshotEvery, key, record.getValue(), out(), this::sideOutput);
        }
        state.store();
    }
}
