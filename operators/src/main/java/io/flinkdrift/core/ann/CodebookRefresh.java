package io.flinkdrift.core.ann;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Refreshes the PQ codebooks, which Lazy and Split never retrain, after the residual distribution of
 * the newest vectors has drifted away from the one they were trained on (docs/ann.md, "Codebook
 * refresh"): a few Lloyd iterations per sub-quantizer ({@link ProductQuantizer#refine}), warm-started
 * from the current codewords, on a uniform sample of at most 256·{@link IvfPqConfig#trainingPointsPerCentroid()}
 * (the sample size the codebooks were trained on) of what the codes of the newest {@code recentShare}
 * of the live vectors by timestamp quantise ({@link IvfPqIndex.View#liveResiduals()}: x − a for the
 * anchor a of x's segment). Queries look for recent content, so the codebooks follow the recent
 * residuals; older vectors are re-encoded with them too. It publishes the refined codebooks only when
 * they lower the sample's quantisation error Σ‖r − decode(encode(r))‖² by at least a fraction
 * {@code minGain}, which needs no state: warm-started iterations find a large gain where the recent
 * residuals moved away from the codebooks and a small one where they did not. The update (kind
 * {@link MaintenanceReport.Kind#CODEBOOKS}) keeps centroids and anchors, reassigns nothing and on apply
 * re-encodes every live vector against its segment's anchor, so segments stay as they are.
 *
 * <p>Cost per run: the selection (a sort of the live timestamps) and the Lloyd iterations on the sample,
 * always; when it publishes, one encoding of every live vector (a rebuild's encoding, without its coarse
 * k-means and assignment).
 */
public final class CodebookRefresh implements MaintenanceStep {

    /** Lloyd updates per sub-quantizer of {@link #CodebookRefresh()}. */
    public static final int DEFAULT_ITERATIONS = 4;
    /** The share of the live vectors, newest by timestamp, the codebooks are refined on. */
    public static final double DEFAULT_RECENT_SHARE = 0.3;
    /**
     * Relative decrease of the sample's quantisation error below which nothing is published: above the
     * about 7.6% that four iterations find on fresh codebooks and below every strong-drift period of
     * {@code DeDriftDriftBenchmark}; fitted to that benchmark (docs/ann.md, "Codebook refresh").
     */
    public static final double DEFAULT_MIN_GAIN = 0.09;

    private final int iterations;
    private final double recentShare;
    private final double minGain;

    /** {@link #DEFAULT_ITERATIONS}, {@link #DEFAULT_RECENT_SHARE} and {@link #DEFAULT_MIN_GAIN}. */
    public CodebookRefresh() {
        this(DEFAULT_ITERATIONS, DEFAULT_RECENT_SHARE, DEFAULT_MIN_GAIN);
    }

    /**
     * @param iterations Lloyd updates per sub-quantizer, at least 1
     * @param recentShare the share of the live vectors, newest first, sampled; in (0, 1]
     * @param minGain the relative error decrease needed to publish, in [0, 1)
     * @throws IllegalArgumentException if a parameter is outside its range
     */
    public CodebookRefresh(int iterations, double recentShare, double minGain) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        if (!(recentShare > 0 && recentShare <= 1)) {
            throw new IllegalArgumentException("recentShare must be in (0, 1], got " + recentShare);
        }
        if (!(minGain >= 0 && minGain < 1)) {
            throw new IllegalArgumentException("minGain must be in [0, 1), got " + minGain);
        }
        this.iterations = iterations;
        this.recentShare = recentShare;
        this.minGain = minGain;
    }

    /**
     * The rows of {@code residuals} (n·d, row-major) whose timestamp is at least that of rank
     * ⌊(1 − share)·n⌋ in ascending order: the newest {@code share} of the vectors, with every vector of the
     * boundary timestamp; all rows when share is 1.
     */
    static float[] newest(float[] residuals, long[] timestamps, int d, double share) {
        if (share >= 1 || timestamps.length == 0) {
            return residuals;
        }
        long from = Sampling.newestFrom(timestamps, share);
        int n = 0;
        for (long timestamp : timestamps) {
            n += timestamp >= from ? 1 : 0;
        }
        float[] rows = new float[n * d];
        int row = 0;
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] >= from) {
                System.arraycopy(residuals, i * d, rows, row++ * d, d);
            }
        }
        return rows;
    }

    /** Empty when fewer live vectors than codewords are left, or the gain is below {@code minGain}. */
    @Override
    public Optional<QuantizerUpdate> plan(IvfPqIndex.View index) {
        IvfPqConfig config = index.config();
        int d = config.dimension();
        ProductQuantizer pq = index.productQuantizer();
        float[] residuals = newest(index.liveResiduals(), index.liveTimestamps(), d, recentShare);
        SplittableRandom random = Sampling.random(config, index.version() + 1);
        float[] sample = Sampling.subsample(residuals, residuals.length / d, d,
                (long) ProductQuantizer.MAX_CODEWORDS * config.trainingPointsPerCentroid(), random);
        int n = sample.length / d;
        if (n < pq.numCodewords()) {
            return Optional.empty();
        }
        ProductQuantizer.Refined refined = pq.refine(sample, n, iterations);
        if (!(refined.errorAfter() < (1 - minGain) * refined.errorBefore())) {
            return Optional.empty();
        }
        return Optional.of(new QuantizerUpdate(MaintenanceReport.Kind.CODEBOOKS, index.version() + 1,
                index.centroids(), index.anchors(), refined.quantizer(), new int[0]));
    }
}
