package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Flink sources that emit a {@link DriftGenerator}'s records, built on the new-Source-API {@link
 * DataGeneratorSource}.
 *
 * <p>The source enumerates the indices {@code 0..count-1} and splits that range across its parallel
 * readers; since a generator's record is a pure function of its index, the emitted multiset does
 * not depend on the parallelism, and a restore from a checkpoint (which records each split's
 * position) replays exactly the same records. Records are typed as the {@link Example} POJO, so no
 * Kryo is involved.
 */
public final class GeneratorSources {

    private GeneratorSources() {}

    /**
     * A source of {@code generator.generate(i)} for {@code i} in {@code [0, count)}.
     *
     * @param count number of records, &ge; 1; {@link Long#MAX_VALUE} means unbounded in practice
     *     (the source still reports itself as bounded, as every {@link DataGeneratorSource} does, so
     *     run it in streaming mode)
     * @param recordsPerSecond rate limit of the whole source, shared by all its readers; &le; 0 means
     *     no limit
     * @throws IllegalArgumentException if {@code generator} is null, {@code count < 1} or {@code
     *     recordsPerSecond} is NaN or infinite
     */
    public static DataGeneratorSource<Example> create(
            DriftGenerator generator, long count, double recordsPerSecond) {
        if (generator == null) {
            throw new IllegalArgumentException("generator must not be null");
        }
        Arguments.atLeast("count", count, 1);
        Arguments.finite("recordsPerSecond", recordsPerSecond);
        RateLimiterStrategy rateLimit = recordsPerSecond > 0
                ? RateLimiterStrategy.perSecond(recordsPerSecond)
                : RateLimiterStrategy.noOp();
        GeneratorFunction<Long, Example> byIndex = generator::generate;
        return new DataGeneratorSource<>(byIndex, count, rateLimit, TypeInformation.of(Example.class));
    }
}
