package io.flinkdrift.formats;

import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import io.flinkdrift.records.TextLine;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses {@link TextLine}s with an {@link ExampleParser}: accepted {@link Example}s go to the main output,
 * {@link RejectedRecord}s to the side output {@link #REJECTED}, consumed CSV headers nowhere.
 *
 * <p>The parser's {@link ParserState} lives in operator list state (Flink POJO serializer, no Kryo), so
 * class indices, the feature selection and dimension, the row-id counter and the current CSV header
 * survive failover.
 *
 * <p>Counters, as Flink accumulators (visible in the {@code JobExecutionResult}): {@link #RECORDS_READ}
 * counts data lines (every input line except consumed headers), {@link #RECORDS_ACCEPTED} and {@link
 * #RECORDS_REJECTED} its two outcomes, so read = accepted + rejected. The same three are operator metrics
 * {@code flinkdrift.input.read|accepted|rejected} (see {@link DriftMetrics}), and the rejected lines are
 * also counted per reason, {@code flinkdrift.deadLetters.<RejectReason>} (since the task started). The
 * three totals are checkpointed, so after a failover they still count every line exactly once.
 *
 * <p><b>Parallelism.</b> Run this function at parallelism 1 (one instance after one sequential reader).
 * Class indices assigned by first appearance, default row ids and CSV headers are per instance, so
 * parallel instances would disagree; {@link #open} therefore fails when the parallelism is above 1 and the
 * spec has CLASS labels without fixed {@code classes}. With fixed classes (or REAL labels, or no labels)
 * a higher parallelism is allowed, but then default ids restart in every instance, so give the spec an
 * id column, and CSV input must be headerless ({@code csvColumns}) or read one file per instance.
 */
public class ParseFunction extends ProcessFunction<TextLine, Example> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Side output of lines that could not be parsed. */
    public static final OutputTag<RejectedRecord> REJECTED =
            new OutputTag<>("rejected", TypeInformation.of(RejectedRecord.class));

    /** Accumulator: data lines read. */
    public static final String RECORDS_READ = "records.read";

    /** Accumulator: data lines that became examples. */
    public static final String RECORDS_ACCEPTED = "records.accepted";

    /** Accumulator: data lines sent to {@link #REJECTED}. */
    public static final String RECORDS_REJECTED = "records.rejected";

    /**
     * Accumulator: the class names in index order when the input ends (from the first parallel
     * instance, which with classes numbered by appearance is the only one), for CLASS labels.
     */
    public static final String CLASS_NAMES = "input.class-names";

    private final FormatSpec spec;

    private transient ExampleParser parser;
    private transient ListState<ParserState> parserState;
    private transient ListState<long[]> countState;
    private transient long[] restoredCounts;
    private transient LongCounter read;
    private transient LongCounter accepted;
    private transient LongCounter rejected;
    private transient Counter readMetric;
    private transient Counter acceptedMetric;
    private transient Counter rejectedMetric;
    private transient Counter[] deadLettersByReason;

    /**
     * @param spec the input format
     * @throws IllegalArgumentException if {@code spec} is null
     */
    public ParseFunction(FormatSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        this.spec = spec;
    }

    /**
     * Registers the counters.
     *
     * @throws IllegalStateException if the parallelism is above 1 while class indices depend on arrival
     *     order (CLASS labels without fixed classes)
     */
    @Override
    public void open(OpenContext openContext) {
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism > 1 && spec.classOrderDependsOnArrival()) {
            throw new IllegalStateException("ParseFunction runs at parallelism " + parallelism
                    + ", but class indices are assigned in order of first appearance, which needs a single "
                    + "instance: run it at parallelism 1 or fix the classes in the FormatSpec");
        }
        read = new LongCounter(restoredCounts[0]);
        accepted = new LongCounter(restoredCounts[1]);
        rejected = new LongCounter(restoredCounts[2]);
        getRuntimeContext().addAccumulator(RECORDS_READ, read);
        getRuntimeContext().addAccumulator(RECORDS_ACCEPTED, accepted);
        getRuntimeContext().addAccumulator(RECORDS_REJECTED, rejected);
        MetricGroup input = DriftMetrics.family(getRuntimeContext().getMetricGroup(), DriftMetrics.INPUT);
        readMetric = input.counter("read");
        acceptedMetric = input.counter("accepted");
        rejectedMetric = input.counter("rejected");
        readMetric.inc(restoredCounts[0]);
        acceptedMetric.inc(restoredCounts[1]);
        rejectedMetric.inc(restoredCounts[2]);
        MetricGroup deadLetters = DriftMetrics.family(getRuntimeContext().getMetricGroup(), DriftMetrics.DEAD_LETTERS);
        RejectReason[] reasons = RejectReason.values();
        deadLettersByReason = new Counter[reasons.length];
        for (RejectReason reason : reasons) {
            deadLettersByReason[reason.ordinal()] = deadLetters.counter(reason.name());
        }
    }

    @Override
    public void processElement(TextLine line, Context ctx, Collector<Example> out) {
        ParseResult result = parser.parse(line);
        if (result.kind() == ParseResult.Kind.HEADER) {
            return;
        }
        read.add(1L);
        readMetric.inc();
        if (result.kind() == ParseResult.Kind.ACCEPTED) {
            accepted.add(1L);
            acceptedMetric.inc();
            out.collect(result.example());
        } else {
            rejected.add(1L);
            rejectedMetric.inc();
            RejectedRecord deadLetter = result.rejected();
            deadLettersByReason[RejectReason.valueOf(deadLetter.reason).ordinal()].inc();
            ctx.output(REJECTED, deadLetter);
        }
    }

    /** Publishes the class names in {@link #CLASS_NAMES}. */
    @Override
    public void close() {
        if (spec.labelled() && spec.labelKind() == FormatSpec.LabelKind.CLASS
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            ListAccumulator<String> names = new ListAccumulator<>();
            parser.classNames().forEach(names::add);
            getRuntimeContext().addAccumulator(CLASS_NAMES, names);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        parserState.update(List.of(parser.snapshotState()));
        countState.update(List.of(new long[] {read.getLocalValue(), accepted.getLocalValue(), rejected.getLocalValue()}));
    }

    /** Creates the parser, restoring its state when the job resumes (the first stored state if several). */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        parserState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("parser-state", TypeInformation.of(ParserState.class)));
        countState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("parse-counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        restoredCounts = new long[3];
        for (long[] counts : countState.get()) {
            for (int i = 0; i < restoredCounts.length; i++) {
                restoredCounts[i] += counts[i];
            }
        }
        parser = new ExampleParser(spec);
        if (context.isRestored()) {
            Iterator<ParserState> stored = parserState.get().iterator();
            if (stored.hasNext()) {
                parser.restoreState(stored.next());
            }
        }
    }
}
