package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimitedSourceReader;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Collection;
import java.util.List;

/**
 * Flink sources that emit a {@link DriftGenerator}'s records in parallel, each reader the records of
 * the keys its subtask owns.
 *
 * <p>Each parallel reader emits every index {@code i < count} whose key ({@code i % keys}) belongs to
 * the key groups of its subtask, exactly as a {@code keyBy(example -> example.key)} at the same
 * parallelism and max parallelism would route it ({@link KeyOwners}), in increasing index order. So the
 * stream can be {@linkplain org.apache.flink.streaming.api.datastream.DataStreamUtils#reinterpretAsKeyedStream
 * reinterpreted as keyed} without a shuffle: source and keyed operators chain into one thread per
 * subtask and records are never serialized. Since a generator's record is a pure function of its index,
 * each key's model downstream sees exactly the same records in the same order at any parallelism, and
 * a restore from a checkpoint or savepoint, also at another parallelism, continues each key where it
 * stopped ({@link KeyOwnerEnumerator} hands restored keys to their new owners). Records are typed as the
 * {@link Example} POJO, so no Kryo is involved.
 */
public final class GeneratorSources {

    private GeneratorSources() {}

    /**
     * A source of {@code generator.generate(i)} for {@code i} in {@code [0, count)}, at any parallelism;
     * readers whose subtask owns no key end at once.
     *
     * @param count number of records, &ge; 1; {@link Long#MAX_VALUE} means unbounded in practice
     *     (the source still reports itself as bounded, so run it in streaming mode)
     * @param recordsPerSecond rate limit of the whole source, shared by all its readers; &le; 0 means
     *     no limit
     * @param maxParallelism the max parallelism (number of key groups) of the source and of the keyed
     *     operators it feeds, &ge; 1
     * @throws IllegalArgumentException if {@code generator} is null, {@code count < 1}, {@code
     *     recordsPerSecond} is NaN or infinite or {@code maxParallelism < 1}
     */
    public static Source<Example, KeySplit, Collection<KeySplit>> create(
            DriftGenerator generator, long count, double recordsPerSecond, int maxParallelism) {
        if (generator == null) {
            throw new IllegalArgumentException("generator must not be null");
        }
        Arguments.atLeast("count", count, 1);
        Arguments.finite("recordsPerSecond", recordsPerSecond);
        Arguments.atLeast("maxParallelism", maxParallelism, 1);
        return new KeyedGeneratorSource(generator, count, recordsPerSecond, maxParallelism);
    }

    private static final class KeyedGeneratorSource implements Source<Example, KeySplit, Collection<KeySplit>>,
            ResultTypeQueryable<Example> {

        private static final long serialVersionUID = 1L;

        private final DriftGenerator generator;
        private final long count;
        private final double recordsPerSecond;
        private final int maxParallelism;

        KeyedGeneratorSource(DriftGenerator generator, long count, double recordsPerSecond, int maxParallelism) {
            this.generator = generator;
            this.count = count;
            this.recordsPerSecond = recordsPerSecond;
            this.maxParallelism = maxParallelism;
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public SourceReader<Example, KeySplit> createReader(SourceReaderContext context) {
            SourceReader<Example, KeySplit> reader = new OwnedKeysReader(context, generator, count, maxParallelism);
            return recordsPerSecond > 0
                    ? new RateLimitedSourceReader<>(reader, RateLimiterStrategy.perSecond(recordsPerSecond)
                            .createRateLimiter(context.currentParallelism()))
                    : reader;
        }

        @Override
        public SplitEnumerator<KeySplit, Collection<KeySplit>> createEnumerator(
                SplitEnumeratorContext<KeySplit> context) {
            KeySplit.Builder keys = new KeySplit.Builder();
            for (int k = 0; k < generator.keys() && k < count; k++) {
                keys.add(k, k);
            }
            return new KeyOwnerEnumerator(context, generator, maxParallelism, List.of(keys.build()));
        }

        @Override
        public SplitEnumerator<KeySplit, Collection<KeySplit>> restoreEnumerator(
                SplitEnumeratorContext<KeySplit> context, Collection<KeySplit> checkpoint) {
            return new KeyOwnerEnumerator(context, generator, maxParallelism, checkpoint);
        }

        @Override
        public SimpleVersionedSerializer<KeySplit> getSplitSerializer() {
            return KeySplitSerializer.splits();
        }

        @Override
        public SimpleVersionedSerializer<Collection<KeySplit>> getEnumeratorCheckpointSerializer() {
            return KeySplitSerializer.checkpoints();
        }

        @Override
        public TypeInformation<Example> getProducedType() {
            return TypeInformation.of(Example.class);
        }
    }
}
