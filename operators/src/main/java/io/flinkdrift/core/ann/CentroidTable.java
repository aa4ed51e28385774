package io.flinkdrift.core.ann;

/**
 * k centroids of dimension d laid out by coordinate, for the one computation every quantizer here
 * repeats: the squared distances from a vector to all centroids (coarse assignment, PQ
 * sub-quantizer encoding and distance tables, k-means assignment). Row j holds coordinate j of
 * every centroid, so the inner loop runs over k contiguous floats from index 0, a shape the JIT
 * vectorises; summed over j in order, every distance equals {@link Distances#squaredL2} exactly.
 * Immutable; the caller supplies the output arrays, so one table can serve several threads.
 */
final class CentroidTable {

    private final int size;
    private final float[][] coordinateRows;

    /**
     * The table of {@code k} centroids read row-major from
     * {@code centroids[offset .. offset + k·d)}.
     */
    CentroidTable(float[] centroids, int offset, int k, int d) {
        this.size = k;
        this.coordinateRows = new float[d][k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                coordinateRows[j][c] = centroids[offset + c * d + j];
            }
        }
    }

    /** Number of centroids k. */
    int size() {
        return size;
    }

    /** out[c] = ‖x[xOffset..xOffset+d) − centroid c‖² for c in [0, k); out needs length ≥ k. */
    void distances(float[] x, int xOffset, float[] out) {
        float[] row = coordinateRows[0];
        float value = x[xOffset];
        for (int c = 0; c < size; c++) {
            float diff = value - row[c];
            out[c] = diff * diff;
        }
        for (int j = 1; j < coordinateRows.length; j++) {
            row = coordinateRows[j];
            value = x[xOffset + j];
            for (int c = 0; c < size; c++) {
                float diff = value - row[c];
                out[c] += diff * diff;
            }
        }
    }

    /**
     * The nearest centroid to x[xOffset..xOffset+d), ties to the lower index; {@code scratch}
     * (length ≥ k) is left holding every centroid's distance.
     */
    int nearest(float[] x, int xOffset, float[] scratch) {
        distances(x, xOffset, scratch);
        int best = 0;
        float bestDistance = scratch[0];
        for (int c = 1; c < size; c++) {
            // branch-free (conditional moves): which centroid wins is unpredictable
            float distance = scratch[c];
            boolean closer = distance < bestDistance;
            best = closer ? c : best;
            bestDistance = closer ? distance : bestDistance;
        }
        return best;
    }
}
