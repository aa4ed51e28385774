package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.util.Collector;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorSourcesTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int COUNT = 3_000;
    private static final int MAX_PARALLELISM = 128;

    /** Indices the keyed operator of the rescale test has seen, across its runs (one JVM). */
    private static final Queue<Long> EMITTED = new ConcurrentLinkedQueue<>();

    @Test
    void outputIsIndependentOfParallelismAndEachKeyArrivesInIndexOrder() throws Exception {
        DriftGenerator generator = Generators.fromSpec("mixture?mode=abrupt&period=500&keys=3&seed=5");
        List<Example> expected = new ArrayList<>();
        for (long i = 0; i < COUNT; i++) {
            expected.add(generator.generate(i));
        }

        assertEquals(expected, sortedById(collect(generator, 1)));
        List<Example> parallel = collect(generator, 2);
        assertEquals(expected, sortedById(parallel));
        Map<String, Long> lastId = new HashMap<>();
        for (Example example : parallel) {
            Long previous = lastId.put(example.key, example.id);
            assertTrue(previous == null || previous < example.id, "key " + example.key + " out of order");
        }
    }

    @Test
    void eachReaderEmitsExactlyTheKeysItsSubtaskOwns() throws Exception {
        DriftGenerator generator = Generators.fromSpec("sea?keys=16&seed=3");
        for (int parallelism : new int[] {1, 2}) {
            Configuration config = new Configuration();
            config.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
            env.setParallelism(parallelism);
            env.setMaxParallelism(MAX_PARALLELISM);
            List<String> keyAndSubtask = new ArrayList<>();
            try (CloseableIterator<String> it = env
                    .fromSource(GeneratorSources.create(generator, 800, 0, MAX_PARALLELISM),
                            WatermarkStrategy.noWatermarks(), "generator")
                    .map(new KeyAndSubtask())
                    .executeAndCollect("owned-keys-" + parallelism)) {
                it.forEachRemaining(keyAndSubtask::add);
            }
            assertEquals(800, keyAndSubtask.size());
            Set<Integer> subtasks = new HashSet<>();
            for (String record : keyAndSubtask) {
                String[] parts = record.split("@");
                int owner = KeyGroupRangeAssignment.assignKeyToParallelOperator(parts[0], MAX_PARALLELISM, parallelism);
                assertEquals(owner, Integer.parseInt(parts[1]), "key " + parts[0] + " at parallelism " + parallelism);
                subtasks.add(owner);
            }
            assertEquals(parallelism, subtasks.size(), "16 keys reach every subtask");
        }
    }

    /**
     * Stops a job with a savepoint at one parallelism and resumes it at others: every index is emitted
     * exactly once, each key's indices in order without a gap across the restores (checked in keyed state
     * of the reinterpreted keyed stream, which also fails on a key outside its subtask's key groups).
     */
    @Test
    void restoresAtAnotherParallelismAndContinuesEachKeyWhereItStopped(
            @InjectClusterClient ClusterClient<?> client, @TempDir Path savepoints) throws Exception {
        DriftGenerator generator = Generators.fromSpec("sea?keys=7&seed=2");
        int count = 4_200;
        EMITTED.clear();
        String savepoint = null;
        int[] parallelisms = {2, 1, 2};
        for (int run = 0; run < parallelisms.length; run++) {
            boolean last = run == parallelisms.length - 1;
            Configuration config = new Configuration();
            if (savepoint != null) {
                config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
            env.setParallelism(parallelisms[run]);
            env.setMaxParallelism(MAX_PARALLELISM);
            env.enableCheckpointing(100);
            DataStreamUtils.reinterpretAsKeyedStream(
                            env.fromSource(GeneratorSources.create(generator, count, last ? 0 : 500, MAX_PARALLELISM),
                                            WatermarkStrategy.noWatermarks(), "generator")
                                    .uid("generator"),
                            example -> example.key, Types.STRING)
                    .process(new ContiguousPerKey(generator.keys()))
                    .uid("contiguous")
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("rescale-" + run);
            if (last) {
                job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            } else {
                int target = EMITTED.size() + count / 6; // this run's own records, not the previous run's
                CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
                while (EMITTED.size() < target) {
                    assertFalse(result.isDone(), "the job ended before " + target);
                    Thread.sleep(20);
                }
                savepoint = client.stopWithSavepoint(job.getJobID(), false, savepoints.toUri().toString(),
                        SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            }
        }
        List<Long> indices = new ArrayList<>(EMITTED);
        indices.sort(null);
        assertEquals(LongStream.range(0, count).boxed().collect(Collectors.toList()), indices);
    }

    @Test
    void readsKeyStripesOfVersionOneAsTheirKeysAtTheirPositions() throws Exception {
        // written by the version-1 KeyStripeSerializer: stripe 1 of 3 over 7 keys (keys 1 and 4), 5
        // indices emitted (1, 4, 8, 11, 15)
        KeySplit split = KeySplitSerializer.splits().deserialize(1, resource("key-stripe-v1-split.bin"));
        assertEquals(new KeySplit(new int[] {1, 4}, new long[] {22, 18}), split);
        // stripes 0 and 1 of 2 over 5 keys, at positions 3 (indices 0, 2, 4) and 0
        Collection<KeySplit> checkpoint =
                KeySplitSerializer.checkpoints().deserialize(1, resource("key-stripes-v1-checkpoint.bin"));
        assertEquals(List.of(new KeySplit(new int[] {0, 2, 4}, new long[] {5, 7, 9}),
                new KeySplit(new int[] {1, 3}, new long[] {1, 3})), List.copyOf(checkpoint));

        KeySplit current = new KeySplit(new int[] {0, 3, 5}, new long[] {70, 3, 40});
        assertEquals(current, KeySplitSerializer.splits().deserialize(2, KeySplitSerializer.splits().serialize(current)));
        assertEquals(List.of(current, split), List.copyOf(KeySplitSerializer.checkpoints().deserialize(2,
                KeySplitSerializer.checkpoints().serialize(List.of(current, split)))));
        assertThrows(IOException.class, () -> KeySplitSerializer.splits().deserialize(3, new byte[12]));
    }

    /** Runs the source at {@code parallelism} and returns the records in arrival order. */
    private static List<Example> collect(DriftGenerator generator, int parallelism) throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false); // any Kryo fallback fails the job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        List<Example> records = new ArrayList<>();
        try (CloseableIterator<Example> it = env
                .fromSource(GeneratorSources.create(generator, COUNT, 0, MAX_PARALLELISM), WatermarkStrategy.noWatermarks(),
                        "generator")
                .executeAndCollect("generator-parallelism-" + parallelism)) {
            it.forEachRemaining(records::add);
        }
        return records;
    }

    private static List<Example> sortedById(List<Example> records) {
        List<Example> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(e -> e.id));
        return sorted;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GeneratorSourcesTest.class.getResourceAsStream("/generators/" + name)) {
            return in.readAllBytes();
        }
    }

    /** "key@subtask" of each record. */
    private static final class KeyAndSubtask extends RichMapFunction<Example, String> {

        @Override
        public String map(Example example) {
            return example.key + "@" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }
    }

    /** Fails unless each key's indices arrive as k, k + keys, k + 2 keys, ...; records each index. */
    private static final class ContiguousPerKey extends KeyedProcessFunction<String, Example, Long> {

        private final int keys;
        private transient ValueState<Long> last;

        ContiguousPerKey(int keys) {
            this.keys = keys;
        }

        @Override
        public void open(OpenContext context) {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
        }

        @Override
        public void processElement(Example example, Context context, Collector<Long> out) throws Exception {
            long expected = last.value() == null ? example.id % keys : last.value() + keys;
            if (example.id != expected) {
                throw new IllegalStateException("key " + example.key + ": index " + example.id + " after "
                        + last.value());
            }
            last.update(example.id);
            EMITTED.add(example.id);
            out.collect(example.id);
        }
    }
}
