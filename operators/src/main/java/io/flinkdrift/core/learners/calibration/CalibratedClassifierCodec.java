package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of a {@link CalibratedClassifier}: the scaler's format version and state ({@link
 * OnlinePlattScalerCodec}), then the base model's format version and state. Writes version 2; reads
 * version 1 too, which held the scaler's version-1 format without its version. A {@link StateCodec}
 * has a no-argument constructor, so each base type gets a small subclass, e.g. {@link
 * CalibratedRvflClassifierCodec}.
 *
 * @param <C> the base classifier type
 */
public abstract class CalibratedClassifierCodec<C extends OnlineClassifier>
        implements StateCodec<CalibratedClassifier<C>> {

    private final StateCodec<OnlinePlattScaler> scalerCodec;
    private final StateCodec<C> baseCodec;

    protected CalibratedClassifierCodec(StateCodec<C> baseCodec) {
        this(new OnlinePlattScalerCodec(), baseCodec);
    }

    /** A codec over other nested formats: lets a test show that old bytes survive a format change. */
    CalibratedClassifierCodec(StateCodec<OnlinePlattScaler> scalerCodec, StateCodec<C> baseCodec) {
        this.scalerCodec = scalerCodec;
        this.baseCodec = baseCodec;
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public void write(CalibratedClassifier<C> value, DataOutput out) throws IOException {
        NestedCodecs.write(scalerCodec, value.scaler(), out);
        NestedCodecs.write(baseCodec, value.base(), out);
    }

    @Override
    public CalibratedClassifier<C> read(DataInput in, int version) throws IOException {
        OnlinePlattScaler scaler = NestedCodecs.read(scalerCodec, in, version, 2);
        return new CalibratedClassifier<>(NestedCodecs.read(baseCodec, in), scaler);
    }
}
