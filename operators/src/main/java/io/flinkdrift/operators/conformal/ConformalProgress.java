package io.flinkdrift.operators.conformal;

/**
 * Per-key bookkeeping of the conformal operator: the next stream index and the realised losses so
 * far (for the running risk). The DataStream functions keep it in the format of {@link
 * io.flinkdrift.operators.records.ConformalProgressCodec}; earlier releases kept it as a Flink POJO,
 * and their state is read with the POJO serializer of this class (as is the state of the SQL
 * functions): keep it a POJO with these fields.
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
