package io.flinkdrift.jobs.ann;

import io.flinkdrift.operators.ann.AnnCommand;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the union of several command streams (inserts and held-out queries of the input, the queries
 * of {@code --queries}) into event-time order before the {@link io.flinkdrift.operators.ann.AnnCoordinator}:
 * a command waits in keyed state until the watermark, the minimum over all inputs, passes its
 * timestamp, and is then emitted with the other commands of that timestamp, queries first, otherwise
 * in arrival order. So a query at time t is answered against exactly the inserts with a timestamp
 * &lt; t, however far one input runs ahead of the other; nothing is ever dropped.
 *
 * <p>Contract: run it keyed by one constant key at parallelism 1, behind inputs whose watermarks
 * are generated per source split (per Kafka partition, see {@link io.flinkdrift.jobs.pipeline.Inputs}):
 * a watermark per reader would pass the records of a partition whose backlog that reader has not
 * fetched yet. A late command (timestamp at or below the current watermark, i.e. more than the
 * inputs' out-of-orderness behind, or from a partition that resumed after it went idle) is emitted at
 * once: a late insert is missed by the queries already emitted, a late query sees the inserts emitted
 * so far. The buffer holds the commands between the watermark and the newest timestamp of the fastest
 * input, so it grows with the skew between the inputs (Flink's watermark alignment bounds it).
 */
final class EventTimeOrder extends KeyedProcessFunction<Integer, AnnCommand, AnnCommand> {

    private static final long serialVersionUID = 1L;

    private transient MapState<Long, List<AnnCommand>> pending;

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("ann-pending", TypeInformation.of(Long.class),
                new ListTypeInfo<>(TypeInformation.of(AnnCommand.class))));
    }

    @Override
    public void processElement(AnnCommand command, Context ctx, Collector<AnnCommand> out) throws Exception {
        long time = command.timestamp;
        if (time <= ctx.timerService().currentWatermark()) {
            out.collect(command);
            return;
        }
        List<AnnCommand> atTime = pending.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(time);
        }
        atTime.add(command);
        pending.put(time, atTime);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<AnnCommand> out) throws Exception {
        List<AnnCommand> atTime = pending.get(time);
        for (AnnCommand command : atTime) {
            if (command.type == AnnCommand.Type.QUERY) {
                out.collect(command);
            }
        }
        for (AnnCommand command : atTime) {
            if (command.type != AnnCommand.Type.QUERY) {
                out.collect(command);
            }
        }
        pending.remove(time);
    }
}
