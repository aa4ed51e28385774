package io.flinkdrift.operators.conformal;

/**
 * Per-key bookkeeping of the conformal operator, a Flink POJO: the next stream index and the
 * realised losses so far (for the running risk).
 */
public class ConformalProgress {

    /** The 0-based index the key's next element gets. */
    public long nextIndex;

    /** Labelled elements whose realised loss was recorded. */
    public long evaluated;

    /** Sum of their realised losses. */
    public double lossSum;

    public ConformalProgress() {}
}
