package io.flinkdrift.operators.bundle;

import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;

/**
 * Bundled keyed-state access ({@link AbstractKeyedBundleOperator}) for two keyed inputs with
 * event-time timers, such as examples (or predictions) and their labels: the records of a key, from
 * either input, are handed to {@link #processFirst} and {@link #processSecond} in the order they
 * arrived, across both inputs, each with the outputs stamped with its timestamp, and then {@link
 * #finishKey} is called, so the key's state evolves as record at a time while a subclass may read it
 * once per bundle and write it once.
 *
 * <p>Event-time timers ({@link #timerService}) are Flink's keyed timers, in the timer service {@code
 * user-timers} that {@code KeyedCoProcessOperator} uses, so timers in a savepoint of a {@code
 * KeyedCoProcessFunction} restore into a subclass that replaces it. A timer fires ({@link #onTimer})
 * when the watermark passes it, which is after the bundle was flushed: it sees every record that
 * arrived before the watermark, as record at a time. Processing-time timers would fire between
 * buffered records, so they are refused.
 *
 * <p>Safe with object reuse, as {@link KeyedBundleOperator}: the buffer keeps a copy of each record's
 * timestamp and a reference to its value.
 *
 * @param <K> the key type
 * @param <IN1> the first input's type
 * @param <IN2> the second input's type
 * @param <OUT> the output type
 */
public abstract class KeyedTwoInputBundleOperator<K, IN1, IN2, OUT>
        extends AbstractKeyedBundleOperator<K, KeyedTwoInputBundleOperator.Arrival<IN1, IN2>, OUT>
        implements TwoInputStreamOperator<IN1, IN2, OUT>, BoundedMultiInput, Triggerable<K, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    private transient TimerService timerService;

    /** @see AbstractKeyedBundleOperator#AbstractKeyedBundleOperator(int, long) */
    protected KeyedTwoInputBundleOperator(int maxRecords, long maxLatencyMs) {
        super(maxRecords, maxLatencyMs);
    }

    /** Processes a record of the first input, of the current key. */
    protected abstract void processFirst(IN1 value) throws Exception;

    /** Processes a record of the second input, of the current key. */
    protected abstract void processSecond(IN2 value) throws Exception;

    /** Ends the current key's records of a bundle, e.g. writes back the state read for them. */
    protected abstract void finishKey() throws Exception;

    /** Handles the current key's event-time timer at {@code timestamp}; the bundle is empty. */
    protected abstract void onTimer(long timestamp) throws Exception;

    @Override
    public void open() throws Exception {
        super.open();
        timerService = new SimpleTimerService(
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this));
    }

    /** The current key's timers; register event-time timers only. */
    protected final TimerService timerService() {
        return timerService;
    }

    @Override
    protected final void processBundle(K key, List<Arrival<IN1, IN2>> arrivals) throws Exception {
        for (Arrival<IN1, IN2> arrival : arrivals) {
            if (arrival.first != null) {
                stamp(arrival.first);
                processFirst(arrival.first.getValue());
            } else {
                stamp(arrival.second);
                processSecond(arrival.second.getValue());
            }
        }
        finishKey();
    }

    @Override
    public void processElement1(StreamRecord<IN1> element) throws Exception {
        add(new Arrival<>(element.copy(element.getValue()), null));
    }

    @Override
    public void processElement2(StreamRecord<IN2> element) throws Exception {
        add(new Arrival<>(null, element.copy(element.getValue())));
    }

    @Override
    public void endInput(int inputId) throws Exception {
        flush();
    }

    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        onTimer(timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) {
        throw new IllegalStateException("a bundled operator supports event-time timers only");
    }

    /** A record of either input, as it arrived: exactly one of the two is set. */
    static final class Arrival<IN1, IN2> {

        private final StreamRecord<IN1> first;
        private final StreamRecord<IN2> second;

        private Arrival(StreamRecord<IN1> first, StreamRecord<IN2> second) {
            this.first = first;
            this.second = second;
        }
    }
}
