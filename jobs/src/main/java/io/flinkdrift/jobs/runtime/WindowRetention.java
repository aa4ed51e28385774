package io.flinkdrift.jobs.runtime;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * Which windows of a series a {@link RunSummaryFunction} keeps in its keyed state: at most {@code
 * maxWindows} consecutive window indices, the oldest dropped first, so the series stays bounded on an
 * unbounded stream. The bounds (lowest retained, highest seen, windows dropped) live in one value
 * state; the series' own state is the caller's, which {@link Eviction} empties window by window.
 */
public final class WindowRetention {

    /**
     * Windows a job's run summary keeps per series: more points than a chart can show, and reached
     * within a million records at the default window of 1,000, so that a long run's summary state
     * levels off early.
     */
    public static final int MAX_WINDOWS = 1_000;

    /** Removes one window's entries from the series' state. */
    @FunctionalInterface
    public interface Eviction {
        /** @return whether the window had entries */
        boolean evict(long window) throws Exception;
    }

    private final int maxWindows;
    private final ValueState<long[]> bounds;
    private final Eviction eviction;

    /**
     * Registers the bounds' state in {@code context}, from a summary function's {@code openState}.
     *
     * @param name the state's name, unique within the function
     * @param maxWindows windows retained, &ge; 1
     * @param eviction removes a dropped window's entries
     */
    public WindowRetention(RuntimeContext context, String name, int maxWindows, Eviction eviction) {
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be >= 1, got " + maxWindows);
        }
        this.maxWindows = maxWindows;
        this.eviction = eviction;
        bounds = context.getState(new ValueStateDescriptor<>(name, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /**
     * Opens {@code window} if it is new, evicting the oldest windows beyond the bound.
     *
     * @return false if the window is older than every retained one and there is no room for it
     */
    public boolean admit(long window) throws Exception {
        long[] b = bounds.value();
        if (b == null) {
            b = new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0};
        }
        if (window < b[0] && b[1] - window >= maxWindows) {
            return false;
        }
        b[0] = Math.min(b[0], window);
        b[1] = Math.max(b[1], window);
        while (b[1] - b[0] >= maxWindows) {
            if (eviction.evict(b[0])) {
                b[2]++;
            }
            b[0]++;
        }
        bounds.update(b);
        return true;
    }

    /** The lowest retained window; {@link Long#MAX_VALUE} before the first. */
    public long lowest() throws Exception {
        long[] b = bounds.value();
        return b == null ? Long.MAX_VALUE : b[0];
    }

    /** The highest window seen; {@link Long#MIN_VALUE} before the first. */
    public long highest() throws Exception {
        long[] b = bounds.value();
        return b == null ? Long.MIN_VALUE : b[1];
    }

    /** Windows dropped so far (only those that had entries). */
    public long dropped() throws Exception {
        long[] b = bounds.value();
        return b == null ? 0 : b[2];
    }
}
