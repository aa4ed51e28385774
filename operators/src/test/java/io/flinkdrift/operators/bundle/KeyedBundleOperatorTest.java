package io.flinkdrift.operators.bundle;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link KeyedBundleOperator} with one reused {@link StreamRecord} for every input record, as a
 * chained upstream operator hands them over with object reuse on: bundles of more than one keep a
 * copy of each (their values and timestamps as they arrived); record at a time hands the record
 * over as it came, without a copy.
 */
class KeyedBundleOperatorTest {

    /** Records what each bundle handed over: the record objects, and their values and timestamps then. */
    private static final class Recording extends KeyedBundleOperator<String, String, String> {
        final List<StreamRecord<String>> records = new ArrayList<>();
        final List<String> seen = new ArrayList<>();

        Recording(int maxRecords) {
            super(maxRecords, 60_000);
        }

        @Override
        protected void processBundle(String key, List<StreamRecord<String>> elements) {
            for (StreamRecord<String> element : elements) {
                records.add(element);
                seen.add(element.getValue() + "@" + element.getTimestamp());
            }
        }
    }

    private static Recording feed(int maxRecords, StreamRecord<String> reused) throws Exception {
        Recording operator = new Recording(maxRecords);
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, v -> v.substring(0, 1),
                Types.STRING)) {
            harness.open();
            for (int i = 0; i < 4; i++) {
                harness.processElement(reused.replace((i % 2 == 0 ? "a" : "b") + i, 10 + i));
            }
            harness.endInput();
        }
        return operator;
    }

    @Test
    void recordAtATimeHandsOverTheInputRecordItself() throws Exception {
        StreamRecord<String> reused = new StreamRecord<>(null);
        Recording operator = feed(1, reused);
        assertEquals(List.of("a0@10", "b1@11", "a2@12", "b3@13"), operator.seen);
        operator.records.forEach(record -> assertSame(reused, record));
    }

    @Test
    void bundlesKeepACopyOfEachRecord() throws Exception {
        StreamRecord<String> reused = new StreamRecord<>(null);
        Recording operator = feed(3, reused);
        assertEquals(List.of("a0@10", "a2@12", "b1@11", "b3@13"), operator.seen, "per key, in arrival order");
        operator.records.forEach(record -> assertNotSame(reused, record));
    }
}
