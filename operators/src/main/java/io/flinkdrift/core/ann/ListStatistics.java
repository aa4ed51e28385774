package io.flinkdrift.core.ann;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The per-list sufficient statistics of an {@link IvfPqIndex}'s live vectors: for every list k its
 * live count n_k, the double-precision sum Σx and the sum of squared norms Σ‖x‖² — what Lazy reads
 * (DeDrift, Baranchuk et al., ICCV 2023; docs/ann.md), K·(d + 2) numbers whatever the number of
 * vectors. Shards of one logical index (disjoint ids, one quantizer) each take theirs with
 * {@link #of}; {@link #plus} merges them and {@link #view} lets a {@link MaintenanceStep} plan on the
 * merged statistics as it would on the union of the shards.
 *
 * <p>Exactness: the sums are the shards' running double sums, added shard by shard, so a merged mean
 * can differ from one index's running sum of the same vectors in the last bits (addition order). One
 * shard's statistics give exactly that index's {@link IvfPqIndex#view()} values.
 *
 * @param counts n_k per list (not copied)
 * @param sums Σx per list, K·d row-major (not copied)
 * @param sumsOfSquares Σ‖x‖² per list (not copied)
 */
public record ListStatistics(int[] counts, double[] sums, double[] sumsOfSquares) {

    /** The statistics of {@code index}'s live vectors, from its running sums. */
    public static ListStatistics of(IvfPqIndex index) {
        int numLists = index.config().numLists();
        int d = index.config().dimension();
        int[] counts = new int[numLists];
        double[] sums = new double[numLists * d];
        double[] sumsOfSquares = new double[numLists];
        for (int list = 0; list < numLists; list++) {
            InvertedList invertedList = index.invertedList(list);
            counts[list] = invertedList.liveSize();
            System.arraycopy(invertedList.sum, 0, sums, list * d, d);
            sumsOfSquares[list] = invertedList.sumOfSquares;
        }
        return new ListStatistics(counts, sums, sumsOfSquares);
    }

    /**
     * The statistics of the union of this index's vectors and {@code other}'s (disjoint): counts and
     * sums added element by element, this one's first.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public ListStatistics plus(ListStatistics other) {
        if (other.counts.length != counts.length || other.sums.length != sums.length) {
            throw new IllegalArgumentException("statistics of " + other.counts.length + " lists of "
                    + other.sums.length + " sums cannot merge with " + counts.length + " lists of " + sums.length);
        }
        int[] mergedCounts = counts.clone();
        double[] mergedSums = sums.clone();
        double[] mergedSquares = sumsOfSquares.clone();
        for (int list = 0; list < counts.length; list++) {
            mergedCounts[list] += other.counts[list];
            mergedSquares[list] += other.sumsOfSquares[list];
        }
        for (int i = 0; i < sums.length; i++) {
            mergedSums[i] += other.sums[i];
        }
        return new ListStatistics(mergedCounts, mergedSums, mergedSquares);
    }

    /** Live vectors in all lists. */
    public long liveVectors() {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    /** The numbers these statistics hold, K·(d + 2): what a shard sends per maintenance. */
    public int numbers() {
        return counts.length + sums.length + sumsOfSquares.length;
    }

    /**
     * A view of an index with these statistics and the quantizer {@code quantizer} (its version,
     * centroids, anchors and codebooks). It has no raw vectors and no segments: {@code liveVectors},
     * {@code liveResiduals}, {@code liveTimestamps}, {@code liveCodes}, {@code openSegmentLiveSize} and
     * {@code openSegmentMeanInto} throw
     * {@link UnsupportedOperationException}, so only steps that read the sums ({@link LazyUpdate}'s
     * first anchor rule) plan on it.
     *
     * @throws IllegalArgumentException if the shapes do not fit the configuration
     */
    public IvfPqIndex.View view(IvfPqConfig config, QuantizerUpdate quantizer) {
        if (counts.length != config.numLists() || sums.length != config.numLists() * config.dimension()) {
            throw new IllegalArgumentException("statistics of " + counts.length + " lists of " + sums.length
                    + " sums do not fit K = " + config.numLists() + ", d = " + config.dimension());
        }
        return new StatisticsView(config, quantizer);
    }

    private final class StatisticsView implements IvfPqIndex.View {

        private final IvfPqConfig config;
        private final QuantizerUpdate quantizer;

        private StatisticsView(IvfPqConfig config, QuantizerUpdate quantizer) {
            this.config = config;
            this.quantizer = quantizer;
        }

        @Override
        public IvfPqConfig config() {
            return config;
        }

        @Override
        public long version() {
            return quantizer.version();
        }

        @Override
        public float[] centroids() {
            return quantizer.centroids().clone();
        }

        @Override
        public float[] anchors() {
            return quantizer.anchors().clone();
        }

        @Override
        public ProductQuantizer productQuantizer() {
            return quantizer.pq();
        }

        @Override
        public int liveSize(int list) {
            return counts[list];
        }

        @Override
        public void meanInto(int list, float[] target, int offset) {
            int d = config.dimension();
            InvertedList.meanInto(sums, list * d, counts[list], target, offset, d);
        }

        @Override
        public int openSegmentLiveSize(int list) {
            throw new UnsupportedOperationException("list statistics have no segments");
        }

        @Override
        public void openSegmentMeanInto(int list, float[] target, int offset) {
            throw new UnsupportedOperationException("list statistics have no segments");
        }

        @Override
        public double meanSquaredDistance(int list, float[] point, int offset) {
            int d = config.dimension();
            return InvertedList.meanSquaredDistance(sums, list * d, sumsOfSquares[list], counts[list], point, offset, d);
        }

        @Override
        public float[] liveVectors(int[] lists) {
            throw new UnsupportedOperationException("list statistics have no raw vectors");
        }

        @Override
        public float[] liveResiduals() {
            throw new UnsupportedOperationException("list statistics have no raw vectors");
        }

        @Override
        public long[] liveTimestamps() {
            throw new UnsupportedOperationException("list statistics have no raw vectors");
        }

        @Override
        public byte[] liveCodes() {
            throw new UnsupportedOperationException("list statistics have no codes");
        }
    }

    /** Format 1: K, the sum count, counts, sums, sums of squares. */
    public static final class Codec implements StateCodec<ListStatistics> {

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(ListStatistics value, DataOutput out) throws IOException {
            out.writeInt(value.counts.length);
            out.writeInt(value.sums.length);
            for (int count : value.counts) {
                out.writeInt(count);
            }
            ArrayFormat.writeDoubles(value.sums, out);
            ArrayFormat.writeDoubles(value.sumsOfSquares, out);
        }

        @Override
        public ListStatistics read(DataInput in, int version) throws IOException {
            int[] counts = new int[in.readInt()];
            double[] sums = new double[in.readInt()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = in.readInt();
            }
            ArrayFormat.readDoubles(in, sums);
            return new ListStatistics(counts, sums, ArrayFormat.readDoubles(in, counts.length));
        }
    }
}
