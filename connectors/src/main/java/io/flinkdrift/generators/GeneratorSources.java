package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimitedSourceReader;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.datagen.source.GeneratingIteratorSourceReader;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Flink sources that emit a {@link DriftGenerator}'s records in parallel, key by key.
 *
 * <p>The indices {@code 0..count-1} are split into {@link KeyStripe}s, each holding every index of
 * some keys in increasing order, and each parallel reader reads one stripe. Since a generator's
 * record is a pure function of its index, each key's model downstream sees exactly the records, in
 * exactly the order, of a single reader: a run gives identical results at any parallelism, and a
 * restore from a checkpoint (which records each stripe's position) replays exactly the same records.
 * Records are typed as the {@link Example} POJO, so no Kryo is involved.
 */
public final class GeneratorSources {

    private GeneratorSources() {}

    /**
     * The number of parallel readers (stripes) for a generator: {@code parallelism}, but no more
     * than its keys, since a key's records must come from one reader.
     */
    public static int readers(DriftGenerator generator, int parallelism) {
        return Math.max(1, Math.min(parallelism, generator.keys()));
    }

    /**
     * A source of {@code generator.generate(i)} for {@code i} in {@code [0, count)}, in {@code
     * stripes} key stripes; run it at parallelism {@code stripes}.
     *
     * @param count number of records, &ge; 1; {@link Long#MAX_VALUE} means unbounded in practice
     *     (the source still reports itself as bounded, so run it in streaming mode)
     * @param recordsPerSecond rate limit of the whole source, shared by all its readers; &le; 0 means
     *     no limit
     * @param stripes key stripes, in {@code [1, generator.keys()]} (see {@link #readers})
     * @throws IllegalArgumentException if {@code generator} is null, {@code count < 1}, {@code
     *     recordsPerSecond} is NaN or infinite or {@code stripes} is out of range
     */
    public static Source<Example, KeyStripe, Collection<KeyStripe>> create(
            DriftGenerator generator, long count, double recordsPerSecond, int stripes) {
        if (generator == null) {
            throw new IllegalArgumentException("generator must not be null");
        }
        Arguments.atLeast("count", count, 1);
        Arguments.finite("recordsPerSecond", recordsPerSecond);
        if (stripes < 1 || stripes > generator.keys()) {
            throw new IllegalArgumentException(
                    "stripes must be in [1, " + generator.keys() + "] (the keys), got " + stripes);
        }
        return new StripedSource(generator, count, recordsPerSecond, stripes);
    }

    private static final class StripedSource implements Source<Example, KeyStripe, Collection<KeyStripe>>,
            ResultTypeQueryable<Example> {

        private static final long serialVersionUID = 1L;

        private final DriftGenerator generator;
        private final long count;
        private final double recordsPerSecond;
        private final int stripes;

        StripedSource(DriftGenerator generator, long count, double recordsPerSecond, int stripes) {
            this.generator = generator;
            this.count = count;
            this.recordsPerSecond = recordsPerSecond;
            this.stripes = stripes;
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public SourceReader<Example, KeyStripe> createReader(SourceReaderContext context) {
            SourceReader<Example, KeyStripe> reader =
                    new GeneratingIteratorSourceReader<>(context, generator::generate);
            return recordsPerSecond > 0
                    ? new RateLimitedSourceReader<>(reader, RateLimiterStrategy.perSecond(recordsPerSecond)
                            .createRateLimiter(context.currentParallelism()))
                    : reader;
        }

        @Override
        public SplitEnumerator<KeyStripe, Collection<KeyStripe>> createEnumerator(
                SplitEnumeratorContext<KeyStripe> context) {
            List<KeyStripe> splits = new ArrayList<>();
            for (int stripe = 0; stripe < stripes; stripe++) {
                splits.add(new KeyStripe(stripe, stripes, generator.keys(), count, 0));
            }
            return new IteratorSourceEnumerator<>(context, splits);
        }

        @Override
        public SplitEnumerator<KeyStripe, Collection<KeyStripe>> restoreEnumerator(
                SplitEnumeratorContext<KeyStripe> context, Collection<KeyStripe> checkpoint) {
            return new IteratorSourceEnumerator<>(context, checkpoint);
        }

        @Override
        public SimpleVersionedSerializer<KeyStripe> getSplitSerializer() {
            return KeyStripeSerializer.splits();
        }

        @Override
        public SimpleVersionedSerializer<Collection<KeyStripe>> getEnumeratorCheckpointSerializer() {
            return KeyStripeSerializer.checkpoints();
        }

        @Override
        public TypeInformation<Example> getProducedType() {
            return TypeInformation.of(Example.class);
        }
    }
}
