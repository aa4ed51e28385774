package io.flinkdrift.core.ann;

import java.util.Arrays;

/**
 * A product quantizer (Jégou, Douze, Schmid, TPAMI 2011; Faiss {@code ProductQuantizer} with
 * nbits = 8): the d dimensions are cut into M contiguous sub-vectors of d/M dimensions, each
 * quantised to the nearest of its own codewords, so a vector is stored as M bytes.
 *
 * <p>Each sub-quantizer has {@code min(256, nTrain)} codewords: 256 as in Faiss, fewer only when
 * the training set is smaller than 256 vectors, so that k-means always has at least one training
 * vector per codeword. Codes are always one byte per sub-quantizer.
 *
 * <p>The asymmetric distance of a query q to a code is Σ_m ‖q_m − codeword_m‖², read from a
 * per-query table of M × numCodewords entries; it equals the squared distance from q to the
 * reconstruction {@link #decode} up to float rounding. Instances are immutable.
 */
public final class ProductQuantizer {

    /** Codewords per sub-quantizer with 8-bit codes. */
    public static final int MAX_CODEWORDS = 256;

    /** Vectors {@link #encodeAll} encodes per pass over the sub-quantizers. */
    static final int ENCODE_BLOCK = 256;

    private final int dimension;
    private final int numSubQuantizers;
    private final int subDimension;
    private final int numCodewords;
    private final float[] codebooks; ///< [m][codeword][subDimension], row-major
    private final CentroidTable[] subQuantizers; ///< codebook m as a table of its codewords

    /**
     * A quantizer from given codebooks.
     *
     * @param dimension d, at least 1
     * @param numSubQuantizers M, at least 1 and dividing d
     * @param numCodewords codewords per sub-quantizer, in [1, 256]
     * @param codebooks M·numCodewords·(d/M) finite floats: sub-quantizer m, codeword c starts at
     *     (m·numCodewords + c)·(d/M); copied
     * @throws IllegalArgumentException if a parameter is outside its range
     */
    public ProductQuantizer(int dimension, int numSubQuantizers, int numCodewords, float[] codebooks) {
        checkShape(dimension, numSubQuantizers);
        if (numCodewords < 1 || numCodewords > MAX_CODEWORDS) {
            throw new IllegalArgumentException("numCodewords must be in [1, 256], got " + numCodewords);
        }
        if (codebooks == null || codebooks.length != numCodewords * dimension) {
            throw new IllegalArgumentException("codebooks must hold numCodewords*dimension = "
                    + numCodewords * dimension + " floats");
        }
        this.dimension = dimension;
        this.numSubQuantizers = numSubQuantizers;
        this.subDimension = dimension / numSubQuantizers;
        this.numCodewords = numCodewords;
        this.codebooks = codebooks.clone();
        this.subQuantizers = new CentroidTable[numSubQuantizers];
        for (int m = 0; m < numSubQuantizers; m++) {
            subQuantizers[m] =
                    new CentroidTable(this.codebooks, m * numCodewords * subDimension, numCodewords, subDimension);
        }
    }

    /**
     * Trains the M codebooks by k-means (k-means++ init) on the sub-vectors of n training vectors.
     *
     * @param data n·d row-major finite floats
     * @param n number of training vectors, at least 1
     * @param dimension d, at least 1
     * @param numSubQuantizers M, at least 1 and dividing d
     * @param maxIterations Lloyd iterations per sub-quantizer, at least 0
     * @param seed seed; sub-quantizer m uses seed + m
     * @throws IllegalArgumentException if a parameter is outside its range
     */
    public static ProductQuantizer train(float[] data, int n, int dimension, int numSubQuantizers,
            int maxIterations, long seed) {
        checkShape(dimension, numSubQuantizers);
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        int subDimension = dimension / numSubQuantizers;
        int numCodewords = Math.min(MAX_CODEWORDS, n);
        float[] codebooks = new float[numCodewords * dimension];
        float[] sub = new float[n * subDimension];
        for (int m = 0; m < numSubQuantizers; m++) {
            subVectors(data, n, dimension, m, subDimension, sub);
            KMeans kMeans = new KMeans(numCodewords, maxIterations, KMeans.DEFAULT_TOLERANCE,
                    KMeans.Init.KMEANS_PLUS_PLUS, seed + m);
            float[] centroids = kMeans.fit(sub, n, subDimension).centroids();
            System.arraycopy(centroids, 0, codebooks, m * numCodewords * subDimension, centroids.length);
        }
        return new ProductQuantizer(dimension, numSubQuantizers, numCodewords, codebooks);
    }

    /**
     * This quantizer refined on n vectors: per sub-quantizer, Lloyd iterations warm-started from its
     * codewords ({@link KMeans#fitFrom}), as many codewords as before. The errors are the sums over the n
     * vectors of the squared distance to their reconstruction, ‖x − decode(encode(x))‖², under this
     * quantizer and under the refined one.
     *
     * @param data n·d row-major finite floats
     * @param n number of vectors, at least {@link #numCodewords()}
     * @param maxIterations Lloyd updates per sub-quantizer, at least 0
     * @throws IllegalArgumentException if n or maxIterations is out of range
     */
    public Refined refine(float[] data, int n, int maxIterations) {
        float[] refined = new float[codebooks.length];
        float[] sub = new float[n * subDimension];
        double before = 0;
        double after = 0;
        for (int m = 0; m < numSubQuantizers; m++) {
            subVectors(data, n, dimension, m, subDimension, sub);
            int offset = m * numCodewords * subDimension;
            KMeans.Result result = new KMeans(numCodewords, maxIterations, KMeans.DEFAULT_TOLERANCE,
                    KMeans.Init.RANDOM, 0).fitFrom(Arrays.copyOfRange(codebooks, offset, offset + numCodewords
                    * subDimension), sub, n, subDimension);
            System.arraycopy(result.centroids(), 0, refined, offset, numCodewords * subDimension);
            before += result.initialObjective();
            after += result.objective();
        }
        return new Refined(new ProductQuantizer(dimension, numSubQuantizers, numCodewords, refined), before, after);
    }

    /**
     * A quantizer refined by {@link #refine} and the quantisation errors of its data under the original
     * and under the refined codebooks.
     */
    public record Refined(ProductQuantizer quantizer, double errorBefore, double errorAfter) {}

    /** Copies sub-vector m (d/M floats at m·d/M) of each of the n vectors of {@code data} to {@code sub}. */
    private static void subVectors(float[] data, int n, int dimension, int m, int subDimension, float[] sub) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, i * dimension + m * subDimension, sub, i * subDimension, subDimension);
        }
    }

    private static void checkShape(int dimension, int numSubQuantizers) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        if (numSubQuantizers < 1 || dimension % numSubQuantizers != 0) {
            throw new IllegalArgumentException("numSubQuantizers must be >= 1 and divide dimension "
                    + dimension + ", got " + numSubQuantizers);
        }
    }

    /**
     * Writes the M-byte code of x[xOffset..xOffset+d) to codes[codeOffset..codeOffset+M): per
     * sub-quantizer the nearest codeword, ties to the lower index.
     */
    public void encode(float[] x, int xOffset, byte[] codes, int codeOffset) {
        encodeAll(x, xOffset, 1, codes, codeOffset);
    }

    /**
     * Encodes n vectors at once (Faiss {@code compute_codes}): vector i at x[xOffset + i·d ..) gets
     * the code at codes[codeOffset + i·M ..), as {@link #encode(float[], int, byte[], int)} computes it.
     */
    public void encodeAll(float[] x, int xOffset, int n, byte[] codes, int codeOffset) {
        float[] scratch = new float[numCodewords];
        int[] nearest = new int[Math.min(n, ENCODE_BLOCK)];
        // a block of vectors stays in cache while every sub-quantizer reads its sub-vectors
        for (int start = 0; start < n; start += ENCODE_BLOCK) {
            int block = Math.min(ENCODE_BLOCK, n - start);
            for (int m = 0; m < numSubQuantizers; m++) {
                subQuantizers[m].assign(x, xOffset + start * dimension + m * subDimension, dimension, block,
                        nearest, 0, null, scratch);
                for (int i = 0; i < block; i++) {
                    codes[codeOffset + (start + i) * numSubQuantizers + m] = (byte) nearest[i];
                }
            }
        }
    }

    /** Writes the reconstruction of codes[codeOffset..codeOffset+M) to out[outOffset..outOffset+d). */
    public void decode(byte[] codes, int codeOffset, float[] out, int outOffset) {
        for (int m = 0; m < numSubQuantizers; m++) {
            int codeword = codes[codeOffset + m] & 0xFF;
            System.arraycopy(codebooks, (m * numCodewords + codeword) * subDimension,
                    out, outOffset + m * subDimension, subDimension);
        }
    }

    /**
     * Fills {@code table} (length ≥ {@link #distanceTableSize()}) with the squared distances from
     * each query sub-vector to each codeword: entry m·numCodewords + c.
     */
    public void computeDistanceTable(float[] query, int queryOffset, float[] table) {
        float[] distances = new float[numCodewords];
        for (int m = 0; m < numSubQuantizers; m++) {
            subQuantizers[m].distances(query, queryOffset + m * subDimension, distances);
            System.arraycopy(distances, 0, table, m * numCodewords, numCodewords);
        }
    }

    /** The asymmetric squared distance of the code at codes[codeOffset..) under a query's table. */
    public float asymmetricDistance(float[] table, byte[] codes, int codeOffset) {
        float sum = 0f;
        int base = 0;
        for (int m = 0; m < numSubQuantizers; m++) {
            sum += table[base + (codes[codeOffset + m] & 0xFF)];
            base += numCodewords;
        }
        return sum;
    }

    /** Length of the table filled by {@link #computeDistanceTable}: M · numCodewords. */
    public int distanceTableSize() {
        return numSubQuantizers * numCodewords;
    }

    /** Dimension d of the vectors. */
    public int dimension() {
        return dimension;
    }

    /** Number of sub-quantizers M, which is also the code size in bytes. */
    public int numSubQuantizers() {
        return numSubQuantizers;
    }

    /** Codewords per sub-quantizer, in [1, 256]. */
    public int numCodewords() {
        return numCodewords;
    }

    /** The codebooks in the layout of the constructor; a fresh copy. */
    public float[] codebooks() {
        return codebooks.clone();
    }
}
