package io.flinkdrift.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import io.flinkdrift.records.TextLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs {@link ParseFunction} on a MiniCluster with generic (Kryo) types disabled. */
class ParseFunctionTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String HEADER = "period,nswprice,nswdemand,vicprice,vicdemand,transfer,class";

    /** Two files: 9 data lines of which 4 are bad, plus 2 headers. */
    private static List<TextLine> input() {
        List<TextLine> lines = new ArrayList<>();
        String[] a = {HEADER, "0,0.05,0.43,0.003,0.42,0.41,UP", "0.02,0.05,0.41,0.003,0.42,0.41,DOWN",
            "0.04,NaN,0.38,0.003,0.42,0.41,UP", "0.06,0.04,0.36", "0.08,0.04,0.34,0.003,0.42,0.41,DOWN"};
        String[] b = {"class,transfer,vicdemand,vicprice,nswdemand,nswprice,period", "UP,1,2,3,4,5,6",
            "", "DOWN,1,2,3,4,5,6", "UP,1,2,3,4,5,x"};
        for (int i = 0; i < a.length; i++) {
            lines.add(new TextLine("a.csv", i, -1, a[i], false));
        }
        for (int i = 0; i < b.length; i++) {
            lines.add(new TextLine("b.csv", i, -1, b[i], false));
        }
        return lines;
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.getConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader());
        return env;
    }

    @Test
    void parserStateIsAFlinkPojo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(ParserState.class));
        assertInstanceOf(PojoTypeInfo.class, ParseFunction.REJECTED.getTypeInfo());
    }

    @Test
    void splitsExamplesAndDeadLettersAndCountsThem() throws Exception {
        StreamExecutionEnvironment env = environment(1);
        SingleOutputStreamOperator<Example> examples = env
                .fromData(input(), TypeInformation.of(TextLine.class))
                .process(new ParseFunction(FormatSpec.csv().labelColumn("class").build()));
        CloseableIterator<Example> exampleOutput = examples.collectAsync();
        CloseableIterator<RejectedRecord> rejectedOutput =
                examples.getSideOutput(ParseFunction.REJECTED).collectAsync();
        JobClient job = env.executeAsync("parse");
        List<Example> accepted = new ArrayList<>();
        exampleOutput.forEachRemaining(accepted::add);
        List<RejectedRecord> rejected = new ArrayList<>();
        rejectedOutput.forEachRemaining(rejected::add);
        JobExecutionResult result = job.getJobExecutionResult().get();

        assertEquals(5, accepted.size());
        assertEquals(List.of(0L, 1L, 4L, 5L, 7L), accepted.stream().map(e -> e.id).toList());
        Example expected = new Example(5, "", 5, new double[] {6, 5, 4, 3, 2, 1}, 0, -1);
        expected.classes = new String[] {"UP", "DOWN"};
        assertEquals(expected, accepted.get(3));
        assertEquals(List.of(
                new RejectedRecord("a.csv", 3, RejectReason.NON_FINITE_VALUE, "column 'nswprice': 'NaN' is not finite",
                        "0.04,NaN,0.38,0.003,0.42,0.41,UP"),
                new RejectedRecord("a.csv", 4, RejectReason.WRONG_COLUMN_COUNT, "expected 7 columns, got 3",
                        "0.06,0.04,0.36"),
                new RejectedRecord("b.csv", 2, RejectReason.MALFORMED, "blank line", ""),
                new RejectedRecord("b.csv", 4, RejectReason.UNPARSABLE_NUMBER, "column 'period': 'x' is not a number",
                        "UP,1,2,3,4,5,x")), rejected);
        long read = result.getAccumulatorResult(ParseFunction.RECORDS_READ);
        long acceptedCount = result.getAccumulatorResult(ParseFunction.RECORDS_ACCEPTED);
        long rejectedCount = result.getAccumulatorResult(ParseFunction.RECORDS_REJECTED);
        assertEquals(9, read);
        assertEquals(accepted.size(), acceptedCount);
        assertEquals(rejected.size(), rejectedCount);
        assertEquals(read, acceptedCount + rejectedCount);
    }

    @Test
    void refusesParallelInstancesWhenClassOrderDependsOnArrival() {
        StreamExecutionEnvironment env = environment(2);
        env.fromData(input(), TypeInformation.of(TextLine.class))
                .process(new ParseFunction(FormatSpec.csv().labelColumn("class").build()))
                .sinkTo(new DiscardingSink<>());
        Exception e = assertThrows(Exception.class, () -> env.execute("parallel parse"));
        String expected = "run it at parallelism 1 or fix the classes";
        assertTrue(ExceptionUtils.findThrowableWithMessage(e, expected).isPresent(),
                () -> ExceptionUtils.stringifyException(e));
    }
}
