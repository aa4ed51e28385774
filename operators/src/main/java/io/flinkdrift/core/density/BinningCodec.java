package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format 1: a tag byte (1 = {@link CategoricalBinning}, 2 = {@link GridBinning}), then the
 * alphabet size, or d, the d lower and d upper corners and the bins per axis.
 */
public final class BinningCodec implements StateCodec<Binning> {

    private static final byte CATEGORICAL = 1;
    private static final byte GRID = 2;

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(Binning value, DataOutput out) throws IOException {
        if (value instanceof CategoricalBinning) {
            out.writeByte(CATEGORICAL);
            out.writeInt(((CategoricalBinning) value).alphabetSize());
        } else if (value instanceof GridBinning) {
            GridBinning grid = (GridBinning) value;
            out.writeByte(GRID);
            double[] lo = grid.lo();
            double[] hi = grid.hi();
            out.writeInt(lo.length);
            for (int a = 0; a < lo.length; a++) {
                out.writeDouble(lo[a]);
                out.writeDouble(hi[a]);
            }
            out.writeInt(grid.binsPerAxis());
        } else {
            throw new IOException("No codec for binning " + value.getClass().getName());
        }
    }

    @Override
    public Binning read(DataInput in, int version) throws IOException {
        byte tag = in.readByte();
        if (tag == CATEGORICAL) {
            return new CategoricalBinning(in.readInt());
        }
        if (tag == GRID) {
            int dimension = in.readInt();
            if (dimension < 1 || dimension > GridBinning.MAX_DIMENSION) {
                throw new IOException("Corrupt grid binning: dimension " + dimension);
            }
            double[] lo = new double[dimension];
            double[] hi = new double[dimension];
            for (int a = 0; a < dimension; a++) {
                lo[a] = in.readDouble();
                hi[a] = in.readDouble();
            }
            return new GridBinning(lo, hi, in.readInt());
        }
        throw new IOException("Unknown binning tag " + tag);
    }
}
