package io.flinkdrift.core.ann;

import java.util.Arrays;

/**
 * The precomputed tables of residual search (Jégou, Douze, Schmid, <i>Product quantization for nearest
 * neighbor search</i>, TPAMI 2011, §IV.C; Faiss {@code IndexIVFPQ} with {@code use_precomputed_table}
 * = 1) for one product quantizer and the anchors of one published index state. With the code's
 * reconstruction r = Σ_m C_m[j_m] of x − a,
 *
 * <pre>
 *   ‖q − a − r‖² = ‖q − a‖² + Σ_m (‖C_m[j_m]‖² + 2⟨a_m, C_m[j_m]⟩) − 2 Σ_m ⟨q_m, C_m[j_m]⟩,
 * </pre>
 *
 * so a query needs one M × k* table of ⟨q_m, C_m,j⟩ ({@link #innerProducts}), shared by every list it
 * probes, and per anchor a the M × k* <em>term table</em> ‖C_m,j‖² + 2⟨a_m, C_m,j⟩, which depends on
 * the anchor only and is computed here once per anchor (after training, an {@link IvfPqIndex#apply},
 * a merge or a restore), not per query: a probed list then costs M·k* multiply-adds to combine the two
 * instead of the M·k*·(d/M) of a distance table for q − a. Lists whose anchor and codebooks did not
 * change keep their tables from the previous state.
 *
 * <p><b>Which anchors.</b> Every list's current anchor (its open segment) and, with segments, every
 * older segment's anchor that differs from the next newer one's (equal anchors share a table). The
 * tables take K·M·k*·4 bytes per set of anchors (16 MiB at K = 1024, M = 16); above
 * {@link #MAX_BYTES} in total (Faiss caps at {@code precomputed_table_max_bytes}) the older segments,
 * and then the lists, beyond it get none and a search builds their distance table for q − a directly.
 * The tables are derived data: they are not part of the persisted state.
 *
 * <p><b>Rounding.</b> The decomposition rounds differently from the direct table (Σ over each
 * sub-vector of (q − a − c)², {@link ProductQuantizer#computeDistanceTable}); {@link #bound} bounds the
 * difference so that a search can rank with the decomposition and re-score the few codes near its k-th
 * distance directly ({@link #directDistance}): its answer is the direct one, bit for bit.
 *
 * <p>Immutable after construction; docs/ann.md, "Search".
 */
final class ResidualTables {

    /** Cap on the bytes of all term tables of one index state (Faiss: 2 GiB; here a shard's heap share). */
    static final long MAX_BYTES = 256L << 20;
    /** Above this bound on the magnitudes a search uses direct tables, as the decomposed values may overflow. */
    private static final double OVERFLOW_GUARD = 1e36;

    private final ProductQuantizer pq;
    private final int numSub;
    private final int subDim;
    private final int numCodewords;
    private final float[] codebooks;      ///< the PQ's, [m][codeword][subDim]
    private final float[][] rows;         ///< per m·subDim + i: coordinate i of every codeword of sub-quantizer m
    private final float[] norms;          ///< ‖C_m,j‖², at m·k* + j, rounded once from double
    private final double maxCodeNorm;     ///< max over codes of ‖Σ_m C_m[j_m]‖: √(Σ_m max_j ‖C_m,j‖²)
    private final float[][] open;         ///< term table of list k's current anchor, or null
    private final float[][][] older;      ///< per list, per older segment: its term table, or null

    private final float[] anchors;        ///< the K·d anchors the open tables are for
    private final float[][] olderAnchors; ///< per list, the older segments' anchors the tables are for

    private ResidualTables(ProductQuantizer pq, ResidualTables sameCodebooks, float[] anchors, InvertedList[] lists) {
        this.pq = pq;
        this.numSub = pq.numSubQuantizers();
        this.subDim = pq.dimension() / numSub;
        this.numCodewords = pq.numCodewords();
        this.anchors = anchors;
        this.open = new float[lists.length][];
        this.older = new float[lists.length][][];
        this.olderAnchors = new float[lists.length][];
        for (int list = 0; list < lists.length; list++) {
            olderAnchors[list] = lists[list].olderAnchors;
        }
        if (sameCodebooks != null) {
            this.codebooks = sameCodebooks.codebooks;
            this.rows = sameCodebooks.rows;
            this.norms = sameCodebooks.norms;
            this.maxCodeNorm = sameCodebooks.maxCodeNorm;
            return;
        }
        this.codebooks = pq.codebooks();
        this.rows = new float[numSub * subDim][numCodewords];
        this.norms = new float[numSub * numCodewords];
        double squaredMax = 0;
        for (int m = 0; m < numSub; m++) {
            double largest = 0;
            for (int j = 0; j < numCodewords; j++) {
                double norm = 0;
                for (int i = 0; i < subDim; i++) {
                    float value = codebooks[(m * numCodewords + j) * subDim + i];
                    rows[m * subDim + i][j] = value;
                    norm += (double) value * value;
                }
                norms[m * numCodewords + j] = (float) norm;
                largest = Math.max(largest, norm);
            }
            squaredMax += largest;
        }
        this.maxCodeNorm = Math.sqrt(squaredMax);
    }

    /**
     * The tables of a state with codebooks {@code pq}, the K·d row-major {@code anchors} (not copied: the
     * caller never writes them) and {@code lists} (whose older segments' anchors they read), reusing those
     * of {@code previous} (may be null) for every list whose anchor, older anchors (the same arrays: they
     * are never written in place) and codebooks are unchanged.
     */
    static ResidualTables of(ProductQuantizer pq, float[] anchors, InvertedList[] lists, ResidualTables previous) {
        ResidualTables reuse = previous != null && previous.pq == pq ? previous : null;
        ResidualTables tables = new ResidualTables(pq, reuse, anchors, lists);
        int d = pq.dimension();
        long budget = MAX_BYTES / (4L * tables.numSub * tables.numCodewords);
        int numLists = lists.length;
        boolean[] sameAnchor = new boolean[numLists];
        // the current anchors first: every list has one and new vectors go there
        for (int list = 0; list < numLists && budget > 0; list++, budget--) {
            sameAnchor[list] = reuse != null && reuse.open[list] != null
                    && Arrays.equals(reuse.anchors, list * d, (list + 1) * d, anchors, list * d, (list + 1) * d);
            tables.open[list] = sameAnchor[list] ? reuse.open[list] : tables.termTable(anchors, list * d);
        }
        for (int list = 0; list < numLists; list++) {
            float[] older = lists[list].olderAnchors;
            int segments = older.length / d;
            tables.older[list] = new float[segments][];
            boolean reusable = sameAnchor[list] && reuse.olderAnchors[list] == older;
            for (int segment = segments - 1; segment >= 0; segment--) {
                boolean newest = segment == segments - 1;
                float[] nextAnchors = newest ? anchors : older;
                int nextOffset = newest ? list * d : (segment + 1) * d;
                if (Arrays.equals(older, segment * d, (segment + 1) * d, nextAnchors, nextOffset, nextOffset + d)) {
                    tables.older[list][segment] = newest ? tables.open[list] : tables.older[list][segment + 1];
                } else if (reusable) {
                    tables.older[list][segment] = reuse.older[list][segment];
                } else if (budget > 0) {
                    tables.older[list][segment] = tables.termTable(older, segment * d);
                    budget--;
                }
            }
        }
        return tables;
    }

    /** The term table of list {@code list}'s current anchor, or null when it has none (size cap). */
    float[] openTable(int list) {
        return open[list];
    }

    /**
     * The term table of older segment {@code segment} of list {@code list} whose older anchors are
     * {@code olderAnchors}, or null (size cap, or the tables were computed for other older anchors).
     */
    float[] olderTable(int list, int segment, float[] olderAnchors) {
        return olderAnchors == this.olderAnchors[list] ? older[list][segment] : null;
    }

    /** term[m·k* + j] = fl(‖C_m,j‖² + 2⟨a_m, C_m,j⟩) for the anchor at anchors[offset..offset+d). */
    private float[] termTable(float[] anchors, int offset) {
        float[] table = new float[numSub * numCodewords];
        innerProducts(anchors, offset, table);
        for (int e = 0; e < table.length; e++) {
            table[e] = norms[e] + 2 * table[e];
        }
        return table;
    }

    /**
     * out[m·k* + j] = ⟨x_m, C_m,j⟩ for x at x[offset..offset+d), in fused multiply-adds over up to four
     * coordinates per pass (its rounding is within the bound of {@link #bound}).
     */
    void innerProducts(float[] x, int offset, float[] out) {
        int k = numCodewords;
        for (int m = 0; m < numSub; m++) {
            int base = m * k;
            int first = m * subDim;
            Arrays.fill(out, base, base + k, 0f);
            int i = 0;
            for (; i + 4 <= subDim; i += 4) {
                float[] r0 = rows[first + i];
                float[] r1 = rows[first + i + 1];
                float[] r2 = rows[first + i + 2];
                float[] r3 = rows[first + i + 3];
                float x0 = x[offset + first + i];
                float x1 = x[offset + first + i + 1];
                float x2 = x[offset + first + i + 2];
                float x3 = x[offset + first + i + 3];
                for (int j = 0; j < k; j++) {
                    out[base + j] = Math.fma(x3, r3[j], Math.fma(x2, r2[j], Math.fma(x1, r1[j],
                            Math.fma(x0, r0[j], out[base + j]))));
                }
            }
            for (; i < subDim; i++) {
                float[] row = rows[first + i];
                float value = x[offset + first + i];
                for (int j = 0; j < k; j++) {
                    out[base + j] = Math.fma(value, row[j], out[base + j]);
                }
            }
        }
    }

    /**
     * A bound on |A − D| for every code of a list with anchor a scanned for query q, where A is the
     * decomposed value fl(‖q − a‖² + Σ_m fl(term_m − 2·ip_m)) a search computes from {@link #termTable}
     * and {@link #innerProducts}, and D the direct asymmetric distance ({@link #directDistance}); or
     * +∞ when the magnitudes are too large for the decomposition (a search then uses direct tables).
     *
     * <p>Both differ from the exact ‖q − a − r‖² by at most γ_n·S, γ_n = nu/(1 − nu), u = 2⁻²⁴,
     * n = d + M + 4 (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2002, §3.1: every
     * float sum or product over at most n terms), where, with R = {@link #maxCodeNorm} ≥ ‖r‖ and by
     * Cauchy–Schwarz, S = ‖q − a‖² + R² + 2(‖a‖ + ‖q‖)·R bounds the absolute terms of A, and
     * 2‖q − a‖² + (‖q − a‖ + R)² those of D (rounding q − a before squaring included), so
     * |A − D| ≤ γ_n·(both sums). The bound returned, 4·n·u·(both sums), is about four times that, which
     * also absorbs the roundings of the comparisons made with it.
     *
     * @param squaredDistance ‖q − a‖² (as the search computed it)
     * @param queryNorm ‖q‖
     * @param anchorNorm ‖a‖
     */
    float bound(float squaredDistance, double queryNorm, double anchorNorm) {
        int n = pq.dimension() + numSub + 4;
        double r = maxCodeNorm;
        double qa = Math.sqrt(squaredDistance);
        double magnitude = squaredDistance + r * r + 2 * (anchorNorm + queryNorm) * r
                + 2 * squaredDistance + (qa + r) * (qa + r);
        if (!(magnitude < OVERFLOW_GUARD)) {
            return Float.POSITIVE_INFINITY;
        }
        return Math.nextUp((float) (4 * n * 0x1p-24 * magnitude));
    }

    /**
     * The asymmetric distance of the code at codes[codeOffset..) for the residual query {@code residual}
     * (= fl(q − a)), computed as {@link ProductQuantizer#computeDistanceTable} and
     * {@link ProductQuantizer#asymmetricDistance} compute it, bit for bit, without the table.
     */
    float directDistance(float[] residual, byte[] codes, int codeOffset) {
        float sum = 0f;
        for (int m = 0; m < numSub; m++) {
            int base = (m * numCodewords + (codes[codeOffset + m] & 0xFF)) * subDim;
            float diff = residual[m * subDim] - codebooks[base];
            float distance = diff * diff;
            for (int i = 1; i < subDim; i++) {
                diff = residual[m * subDim + i] - codebooks[base + i];
                distance += diff * diff;
            }
            sum += distance;
        }
        return sum;
    }
}
