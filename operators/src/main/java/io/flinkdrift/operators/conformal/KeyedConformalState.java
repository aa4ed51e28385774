package io.flinkdrift.operators.conformal;

import org.apache.flink.api.common.state.ValueState;

import java.io.IOException;

/**
 * The current key's state of a {@link KeyedConformal}: the controller state and the {@link
 * ConformalProgress}, each null before the key's first element. Flink keyed state in the DataStream
 * functions ({@link #of}); the state of the current partition in a SQL process table function.
 *
 * @param <S> the controller state
 */
public interface KeyedConformalState<S> {

    /** The controller state, or null. */
    S calibration() throws IOException;

    /** The progress, or null. */
    ConformalProgress progress() throws IOException;

    /** Replaces both. */
    void update(S calibration, ConformalProgress progress) throws IOException;

    /** The state in two Flink value states of the current key. */
    static <S> KeyedConformalState<S> of(ValueState<S> calibration, ValueState<ConformalProgress> progress) {
        return new KeyedConformalState<>() {
            @Override
            public S calibration() throws IOException {
                return calibration.value();
            }

            @Override
            public ConformalProgress progress() throws IOException {
                return progress.value();
            }

            @Override
            public void update(S value, ConformalProgress next) throws IOException {
                calibration.update(value);
                progress.update(next);
            }
        };
    }
}
