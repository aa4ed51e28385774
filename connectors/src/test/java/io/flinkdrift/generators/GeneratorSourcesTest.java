package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GeneratorSourcesTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int COUNT = 3_000;

    @Test
    void outputIsIndependentOfParallelismAndEqualsGenerateByIndex() throws Exception {
        DriftGenerator generator = Generators.fromSpec("mixture?mode=abrupt&period=500&keys=3&seed=5");
        List<Example> expected = new ArrayList<>();
        for (long i = 0; i < COUNT; i++) {
            expected.add(generator.generate(i));
        }

        List<Example> single = collect(generator, 1);
        List<Example> parallel = collect(generator, 2);

        assertEquals(expected, single);
        assertEquals(expected, parallel);
    }

    @Test
    void producesPojoTypeInformationAndValidatesArguments() {
        DriftGenerator sea = Generators.fromSpec("sea");
        DataGeneratorSource<Example> source = GeneratorSources.create(sea, Long.MAX_VALUE, 100.0);
        assertInstanceOf(PojoTypeInfo.class, source.getProducedType());
        assertThrows(IllegalArgumentException.class, () -> GeneratorSources.create(sea, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSources.create(null, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSources.create(sea, 10, Double.NaN));
    }

    /** Runs the source at {@code parallelism} and returns the records sorted by id (a multiset view). */
    private static List<Example> collect(DriftGenerator generator, int parallelism) throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false); // any Kryo fallback fails the job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        List<Example> records = new ArrayList<>();
        DataGeneratorSource<Example> source = GeneratorSources.create(generator, COUNT, 0);
        try (CloseableIterator<Example> it = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
                .executeAndCollect("generator-parallelism-" + parallelism)) {
            it.forEachRemaining(records::add);
        }
        records.sort(Comparator.comparingLong(e -> e.id));
        return records;
    }
}
