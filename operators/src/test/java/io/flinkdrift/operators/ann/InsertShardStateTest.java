package io.flinkdrift.operators.ann;

import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shard state of the unpipelined rounds (round format 1: six longs, no format element) is refused
 * with an {@link IllegalStateException} that says to start without it: its held round would be applied
 * on another schedule (docs/ann.md, "Sharded inserts").
 */
class InsertShardStateTest {

    @Test
    void theStateOfTheUnpipelinedRoundsIsRefusedWithAClearError() throws Exception {
        OperatorSubtaskState old;
        try (var writer = new OneInputStreamOperatorTestHarness<>(new RoundFormatOne())) {
            writer.open();
            old = writer.snapshot(1, 1);
        }
        var factory = new InsertShard.Factory("insert-shard-state-test", AnnPipelineTest.CONFIG, 600,
                AnnMaintenance.LAZY, 250, 1000, 5, 3);
        // not closed: its close() finishes the operator, which a task whose restore failed never does
        var shard = new AbstractStreamOperatorTestHarness<>(factory, AnnPipeline.MAX_PARALLELISM, 1, 0);
        Exception thrown = assertThrows(Exception.class, () -> shard.initializeState(old));
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null && cause.getMessage().contains("round format 1")
                && cause.getMessage().contains("start the job without this savepoint"), thrown.toString());
    }

    /** Writes a shard's round as the unpipelined rounds did: awaiting the release of 500 ms, shard 0 of 1. */
    static final class RoundFormatOne extends AbstractStreamOperator<Long> implements OneInputStreamOperator<Long, Long> {

        private static final long serialVersionUID = 1L;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            context.getOperatorStateStore().getListState(new ListStateDescriptor<>("ann-round",
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)).update(List.of(new long[] {3, 500, 499, 0, 0, 1}));
        }

        @Override
        public void processElement(StreamRecord<Long> element) {}
    }
}
