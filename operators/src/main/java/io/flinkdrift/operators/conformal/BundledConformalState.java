package io.flinkdrift.operators.conformal;

import java.io.IOException;

/**
 * A {@link KeyedConformalState} for bundled state access ({@link
 * io.flinkdrift.operators.bundle.KeyedBundleOperator}): the current key's state is read from the
 * stored state at the first access of a run of the key's elements and kept in memory for the rest
 * of the run; updates stay in memory until {@link #store} writes the latest once and ends the run.
 * The controller and progress objects are the ones a heap backend would hand out and take back, so
 * the {@link KeyedConformal} that works on them computes exactly what it computes record at a time.
 *
 * @param <S> the controller state
 */
public final class BundledConformalState<S> implements KeyedConformalState<S> {

    private final KeyedConformalState<S> stored;

    private boolean read;
    private boolean updated;
    private S calibration;
    private ConformalProgress progress;

    BundledConformalState(KeyedConformalState<S> stored) {
        this.stored = stored;
    }

    @Override
    public S calibration() throws IOException {
        read();
        return calibration;
    }

    @Override
    public ConformalProgress progress() throws IOException {
        read();
        return progress;
    }

    @Override
    public void update(S nextCalibration, ConformalProgress nextProgress) {
        read = true;
        updated = true;
        calibration = nextCalibration;
        progress = nextProgress;
    }

    /**
     * Ends the current key's run: writes its state if it was updated, and forgets it, so the next
     * access (of this or another key) reads the stored state again. Call with the run's key current.
     */
    public void store() throws IOException {
        if (updated) {
            stored.update(calibration, progress);
        }
        read = false;
        updated = false;
        calibration = null;
        progress = null;
    }

    private void read() throws IOException {
        if (!read) {
            calibration = stored.calibration();
            progress = stored.progress();
            read = true;
        }
    }
}
