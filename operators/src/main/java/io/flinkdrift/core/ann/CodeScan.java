package io.flinkdrift.core.ann;

import java.util.Arrays;

/**
 * The scan of one query's probed codes and its exact top-k: the scratch a search reuses from query to
 * query (one instance per searching thread; not thread-safe) and the code-scan kernel.
 *
 * <p>A search registers every scanned range as a <em>slot</em> with a tolerance ε ≥ 0: the values it
 * scans there are within ε of the distances the answer must carry (ε = 0 when they are those distances,
 * read from a direct table; ε = {@link ResidualTables#bound} when they come from the precomputed
 * decomposition). The scan keeps τ, the k-th smallest upper value A + ε seen so far (a heap of k floats),
 * and sets aside as a candidate every code whose value A satisfies A − ε ≤ τ at its turn. As τ only
 * falls, every code whose exact distance can be among the k smallest — its A − ε is at most the final
 * τ, which bounds the k-th smallest exact distance — is a candidate; {@link #finish} re-scores the
 * candidates with A − ε ≤ τ (directly where ε &gt; 0) and returns their k best by (distance, id), the
 * answer a scan of exact distances gives. Once k codes are seen, a code costs its M table look-ups and
 * one comparison: the tombstone check, the heap and the candidate buffer are reached only by the few
 * codes that pass τ.
 */
final class CodeScan {

    /** Table stride of the specialised kernels: 8-bit codes. */
    private static final int STRIDE = ProductQuantizer.MAX_CODEWORDS;

    final float[] table;           ///< the list's scan table, M·k* (stride k*)
    final float[] products;        ///< the query's ⟨q_m, C_m,j⟩, M·k*
    final float[] residual;        ///< q − a, d floats
    final float[][] coarseScratch; ///< the scratch of CentroidTable.nearest, 5 × K floats
    final int[] probes;            ///< the probed lists, at most K
    final TopK nearestLists;

    private final int codeSize;
    private int k;
    private float[] heap = new float[16];
    private int heapSize;
    private float[] values = new float[64];
    private int[] candidateSlots = new int[64];
    private int[] positions = new int[64];
    private int candidates;
    private byte[][] slotCodes = new byte[16][];
    private long[][] slotIds = new long[16][];
    private float[][] slotAnchors = new float[16][];
    private int[] slotOffsets = new int[16];
    private float[] slotTolerances = new float[16];
    private int slots;
    private long scanned;
    private TopK best = new TopK(16);

    CodeScan(int dimension, int numLists, int codeSize) {
        this.codeSize = codeSize;
        this.table = new float[codeSize * STRIDE];
        this.products = new float[codeSize * STRIDE];
        this.residual = new float[dimension];
        this.coarseScratch = new float[5][numLists];
        this.probes = new int[numLists];
        this.nearestLists = new TopK(numLists);
    }

    /** Starts the scan of a query for its k nearest. */
    void begin(int k) {
        this.k = k;
        if (heap.length < k) {
            heap = new float[k];
        }
        heapSize = 0;
        candidates = 0;
        slots = 0;
        scanned = 0;
    }

    /**
     * Scans the live entries at positions [start, end) of {@code list}, whose value is
     * {@code bias} + Σ_m table[m·stride + code_m] within {@code tolerance} of its distance. Their exact
     * distances are, where {@code tolerance} &gt; 0, the direct asymmetric distances for q − a with the
     * anchor a at anchors[anchorOffset..) ({@link ResidualTables#directDistance}).
     */
    void scan(InvertedList list, int start, int end, float[] table, int stride, float bias, float tolerance,
            float[] anchors, int anchorOffset) {
        int slot = slot(list, anchors, anchorOffset, tolerance);
        scanned += end - start - deadBetween(list, start, end);
        byte[] codes = list.codes;
        float limit = limit(tolerance);
        if (stride == STRIDE && codeSize == 16) {
            for (int position = start; position < end; position++) {
                int o = position * 16;
                float value = bias + table[codes[o] & 0xFF] + table[256 + (codes[o + 1] & 0xFF)]
                        + table[512 + (codes[o + 2] & 0xFF)] + table[768 + (codes[o + 3] & 0xFF)]
                        + table[1024 + (codes[o + 4] & 0xFF)] + table[1280 + (codes[o + 5] & 0xFF)]
                        + table[1536 + (codes[o + 6] & 0xFF)] + table[1792 + (codes[o + 7] & 0xFF)]
                        + table[2048 + (codes[o + 8] & 0xFF)] + table[2304 + (codes[o + 9] & 0xFF)]
                        + table[2560 + (codes[o + 10] & 0xFF)] + table[2816 + (codes[o + 11] & 0xFF)]
                        + table[3072 + (codes[o + 12] & 0xFF)] + table[3328 + (codes[o + 13] & 0xFF)]
                        + table[3584 + (codes[o + 14] & 0xFF)] + table[3840 + (codes[o + 15] & 0xFF)];
                if (value <= limit) {
                    limit = accept(list, position, value, slot, tolerance);
                }
            }
        } else if (stride == STRIDE && codeSize == 8) {
            for (int position = start; position < end; position++) {
                int o = position * 8;
                float value = bias + table[codes[o] & 0xFF] + table[256 + (codes[o + 1] & 0xFF)]
                        + table[512 + (codes[o + 2] & 0xFF)] + table[768 + (codes[o + 3] & 0xFF)]
                        + table[1024 + (codes[o + 4] & 0xFF)] + table[1280 + (codes[o + 5] & 0xFF)]
                        + table[1536 + (codes[o + 6] & 0xFF)] + table[1792 + (codes[o + 7] & 0xFF)];
                if (value <= limit) {
                    limit = accept(list, position, value, slot, tolerance);
                }
            }
        } else {
            for (int position = start; position < end; position++) {
                int o = position * codeSize;
                float value = bias;
                for (int m = 0, base = 0; m < codeSize; m++, base += stride) {
                    value += table[base + (codes[o + m] & 0xFF)];
                }
                if (value <= limit) {
                    limit = accept(list, position, value, slot, tolerance);
                }
            }
        }
    }

    /** The largest value a code of a slot with this tolerance can have and still be a candidate. */
    private float limit(float tolerance) {
        return heapSize < k ? Float.POSITIVE_INFINITY : heap[0] + tolerance;
    }

    /** Sets the live code at {@code position} aside as a candidate; returns the slot's new limit. */
    private float accept(InvertedList list, int position, float value, int slot, float tolerance) {
        if (list.tombstones > 0 && list.isDead(position)) {
            return limit(tolerance);
        }
        if (candidates == values.length) {
            int capacity = 2 * candidates;
            values = Arrays.copyOf(values, capacity);
            candidateSlots = Arrays.copyOf(candidateSlots, capacity);
            positions = Arrays.copyOf(positions, capacity);
        }
        values[candidates] = value;
        candidateSlots[candidates] = slot;
        positions[candidates++] = position;
        float upper = value + tolerance;
        if (heapSize < k) {
            FloatMaxHeap.push(heap, heapSize++, upper);
        } else if (upper < heap[0]) {
            FloatMaxHeap.siftDown(heap, heapSize, 0, upper);
        }
        return limit(tolerance);
    }

    private int slot(InvertedList list, float[] anchors, int anchorOffset, float tolerance) {
        if (slots == slotCodes.length) {
            int capacity = 2 * slots;
            slotCodes = Arrays.copyOf(slotCodes, capacity);
            slotIds = Arrays.copyOf(slotIds, capacity);
            slotAnchors = Arrays.copyOf(slotAnchors, capacity);
            slotOffsets = Arrays.copyOf(slotOffsets, capacity);
            slotTolerances = Arrays.copyOf(slotTolerances, capacity);
        }
        slotCodes[slots] = list.codes;
        slotIds[slots] = list.ids;
        slotAnchors[slots] = anchors;
        slotOffsets[slots] = anchorOffset;
        slotTolerances[slots] = tolerance;
        return slots++;
    }

    /** Tombstones among positions [start, end). */
    private static int deadBetween(InvertedList list, int start, int end) {
        if (list.tombstones == 0 || start == end) {
            return 0;
        }
        int dead = 0;
        for (int word = start >>> 6; word <= (end - 1) >>> 6; word++) {
            long bits = list.deadBits[word];
            if (word == start >>> 6) {
                bits &= -1L << start;
            }
            if (word == (end - 1) >>> 6) {
                bits &= -1L >>> (63 - ((end - 1) & 63));
            }
            dead += Long.bitCount(bits);
        }
        return dead;
    }

    /**
     * The k nearest of the scanned codes by (exact distance, id), nearest first, with the number of live
     * codes scanned; the slots with a tolerance re-score their candidates with {@code tables} for
     * {@code query}, a d-float query.
     */
    SearchResult finish(float[] query, ResidualTables tables) {
        if (best.capacity() < k) {
            best = new TopK(Math.max(k, 2 * best.capacity()));
        }
        best.reset(k);
        float tau = heapSize < k ? Float.POSITIVE_INFINITY : heap[0];
        int d = residual.length;
        for (int c = 0; c < candidates; c++) {
            int slot = candidateSlots[c];
            float tolerance = slotTolerances[slot];
            if (values[c] > tau + tolerance) {
                continue;
            }
            float distance = values[c];
            if (tolerance > 0) {
                float[] anchors = slotAnchors[slot];
                int offset = slotOffsets[slot];
                for (int j = 0; j < d; j++) {
                    residual[j] = query[j] - anchors[offset + j];
                }
                distance = tables.directDistance(residual, slotCodes[slot], positions[c] * codeSize);
            }
            best.offer(distance, slotIds[slot][positions[c]]);
        }
        return best.drainSorted(scanned);
    }
}
