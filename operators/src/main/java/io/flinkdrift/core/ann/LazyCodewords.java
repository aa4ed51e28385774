package io.flinkdrift.core.ann;

import java.util.Optional;

/**
 * Lazy for the PQ codebooks (docs/ann.md, "Lazy codewords"): every codeword moves to the mean of what the
 * codes that use it quantise, and no code changes. As {@link LazyUpdate} moves each coarse centroid to the
 * mean of its list without reassigning a vector (DeDrift, Baranchuk et al., ICCV 2023), this is the update
 * step of a Lloyd iteration of each sub-quantizer (Jégou, Douze, Schmid, TPAMI 2011) with the assignment
 * step left out: the codes stay the nearest-codeword assignment of the codebooks they were computed with,
 * and the codewords follow the residuals the drift has brought them.
 *
 * <p>For sub-quantizer m and codeword j, the new codeword is the mean, summed in double precision in
 * storage order, of sub-vector m of x − a over the live vectors whose code has j in byte m, a the anchor
 * of x's segment ({@link IvfPqIndex.View#liveResiduals()}: x itself without residual codes), among the
 * newest {@code recentShare} of the live vectors by timestamp (every vector of the boundary timestamp
 * included). A codeword no such vector uses keeps its value. Over those vectors this minimises, for the
 * codes they have, Σ‖r − decode(code)‖², so their quantisation error does not grow.
 *
 * <p>The update (kind {@link MaintenanceReport.Kind#CODEWORDS}) keeps centroids, anchors, lists and every
 * code; applying it only replaces the codebooks (and the search tables derived from them). Cost: one pass
 * over the selected vectors' residuals and codes, O(n·d), and a sort of the live timestamps; nothing is
 * encoded. Publishes whenever a live vector is selected.
 */
public final class LazyCodewords implements MaintenanceStep {

    /** The share of the live vectors, newest by timestamp, whose residuals the codewords move to. */
    public static final double DEFAULT_RECENT_SHARE = 0.3;

    private final double recentShare;

    /** {@link #DEFAULT_RECENT_SHARE}. */
    public LazyCodewords() {
        this(DEFAULT_RECENT_SHARE);
    }

    /**
     * @param recentShare the share of the live vectors, newest first, the codewords are fitted to; in (0, 1]
     * @throws IllegalArgumentException if recentShare is outside (0, 1]
     */
    public LazyCodewords(double recentShare) {
        if (!(recentShare > 0 && recentShare <= 1)) {
            throw new IllegalArgumentException("recentShare must be in (0, 1], got " + recentShare);
        }
        this.recentShare = recentShare;
    }

    /** Empty when the index holds no live vector. */
    @Override
    public Optional<QuantizerUpdate> plan(IvfPqIndex.View index) {
        ProductQuantizer pq = index.productQuantizer();
        int d = pq.dimension();
        int m = pq.numSubQuantizers();
        int codewords = pq.numCodewords();
        int subDimension = d / m;
        long[] timestamps = index.liveTimestamps();
        if (timestamps.length == 0) {
            return Optional.empty();
        }
        float[] residuals = index.liveResiduals();
        byte[] codes = index.liveCodes();
        long from = Sampling.newestFrom(timestamps, recentShare);
        double[] sums = new double[m * codewords * subDimension];
        long[] counts = new long[m * codewords];
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] < from) {
                continue;
            }
            for (int sub = 0; sub < m; sub++) {
                int codeword = sub * codewords + (codes[i * m + sub] & 0xFF);
                counts[codeword]++;
                for (int j = 0; j < subDimension; j++) {
                    sums[codeword * subDimension + j] += residuals[i * d + sub * subDimension + j];
                }
            }
        }
        float[] codebooks = pq.codebooks();
        for (int codeword = 0; codeword < counts.length; codeword++) {
            for (int j = 0; counts[codeword] > 0 && j < subDimension; j++) {
                codebooks[codeword * subDimension + j] = (float) (sums[codeword * subDimension + j] / counts[codeword]);
            }
        }
        return Optional.of(new QuantizerUpdate(MaintenanceReport.Kind.CODEWORDS, index.version() + 1,
                index.centroids(), index.anchors(), new ProductQuantizer(d, m, codewords, codebooks), new int[0]));
    }
}
