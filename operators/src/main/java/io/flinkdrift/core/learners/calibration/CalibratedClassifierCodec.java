package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of a {@link CalibratedClassifier}: version 1 is the scaler's format followed by the
 * base model's version and format. A {@link StateCodec} has a no-argument constructor, so each base
 * type gets a small subclass, e.g. {@link CalibratedRvflClassifierCodec}.
 *
 * @param <C> the base classifier type
 */
public abstract class CalibratedClassifierCodec<C extends OnlineClassifier>
        implements StateCodec<CalibratedClassifier<C>> {

    private final OnlinePlattScalerCodec scalerCodec = new OnlinePlattScalerCodec();
    private final StateCodec<C> baseCodec;

    protected CalibratedClassifierCodec(StateCodec<C> baseCodec) {
        this.baseCodec = baseCodec;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(CalibratedClassifier<C> value, DataOutput out) throws IOException {
        scalerCodec.write(value.scaler(), out);
        out.writeInt(baseCodec.version());
        baseCodec.write(value.base(), out);
    }

    @Override
    public CalibratedClassifier<C> read(DataInput in, int version) throws IOException {
        OnlinePlattScaler scaler = scalerCodec.read(in, 1);
        int baseVersion = in.readInt();
        if (baseVersion < 1 || baseVersion > baseCodec.version()) {
            throw new IOException("Base model format version " + baseVersion + " is not readable (1.."
                    + baseCodec.version() + ')');
        }
        return new CalibratedClassifier<>(baseCodec.read(in, baseVersion), scaler);
    }
}
