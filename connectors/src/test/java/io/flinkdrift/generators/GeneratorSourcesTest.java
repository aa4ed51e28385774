package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void keyStripesPartitionTheIndicesByKeyInIncreasingOrder() throws Exception {
        for (int keys = 1; keys <= 7; keys++) {
            for (int stripes = 1; stripes <= keys; stripes++) {
                for (long count : new long[] {1, keys, 5L * keys + 3}) {
                    int[] stripeOfKey = new int[keys];
                    Arrays.fill(stripeOfKey, -1);
                    long seen = 0;
                    for (int s = 0; s < stripes; s++) {
                        long previous = -1;
                        var indices = new KeyStripe(s, stripes, keys, count, 0).getIterator();
                        while (indices.hasNext()) {
                            long index = indices.next();
                            int key = (int) (index % keys);
                            assertTrue(index > previous && index < count);
                            assertTrue(stripeOfKey[key] == -1 || stripeOfKey[key] == s, "key in two stripes");
                            stripeOfKey[key] = s;
                            previous = index;
                            seen++;
                        }
                    }
                    assertEquals(count, seen, keys + " keys, " + stripes + " stripes, count " + count);
                }
            }
        }
        var resumed = new KeyStripe(1, 3, 7, 100, 0).getIterator();
        resumed.next();
        resumed.next();
        KeyStripe stripe = new KeyStripe(1, 3, 7, 100, 0).getUpdatedSplitForIterator(resumed);
        KeyStripe restored = KeyStripeSerializer.splits().deserialize(1, KeyStripeSerializer.splits().serialize(stripe));
        Collection<KeyStripe> checkpoint = KeyStripeSerializer.checkpoints().deserialize(1,
                KeyStripeSerializer.checkpoints().serialize(List.of(stripe, stripe)));
        assertEquals(stripe.toString(), restored.toString());
        assertEquals(2, checkpoint.size());
        assertEquals(resumed.next(), restored.getIterator().next());
    }

    @Test
    void producesPojoTypeInformationAndValidatesArguments() {
        DriftGenerator sea = Generators.fromSpec("sea?keys=2");
        var source = GeneratorSources.create(sea, Long.MAX_VALUE, 100.0, 2);
        assertInstanceOf(PojoTypeInfo.class, ((ResultTypeQueryable<?>) source).getProducedType());
        assertEquals(2, GeneratorSources.readers(sea, 8));
        assertEquals(1, GeneratorSources.readers(sea, 1));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSources.create(sea, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSources.create(null, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSources.create(sea, 10, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSources.create(sea, 10, 0, 3));
    }

    /** Runs the source at {@code parallelism} and returns the records in arrival order. */
    private static List<Example> collect(DriftGenerator generator, int parallelism) throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false); // any Kryo fallback fails the job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        List<Example> records = new ArrayList<>();
        int readers = GeneratorSources.readers(generator, parallelism);
        try (CloseableIterator<Example> it = env
                .fromSource(GeneratorSources.create(generator, COUNT, 0, readers), WatermarkStrategy.noWatermarks(),
                        "generator")
                .setParallelism(readers)
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
}
