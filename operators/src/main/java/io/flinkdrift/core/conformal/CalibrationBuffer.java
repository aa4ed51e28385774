package io.flinkdrift.core.conformal;

import java.util.Arrays;

/**
 * The per-key state of a {@link SimilarityWeightedRiskController}: the {@code capacity} most recent
 * calibration elements, each a feature vector and its loss curve, in a ring; at most capacity·(d +
 * G) doubles. Mutated only by its controller; written by {@link CalibrationBufferCodec}.
 */
public final class CalibrationBuffer {

    final double[][] features;
    final double[][] lossCurves;
    final int gridSize;
    int size;
    int next;
    long calibrationCount;
    long infeasibleCount;

    /** An empty buffer of {@code capacity} elements for a grid of {@code gridSize} values. */
    public CalibrationBuffer(int capacity, int gridSize) {
        this(new double[capacity][], new double[capacity][], gridSize, 0, 0, 0, 0);
    }

    CalibrationBuffer(double[][] features, double[][] lossCurves, int gridSize, int size, int next,
            long calibrationCount, long infeasibleCount) {
        this.features = features;
        this.lossCurves = lossCurves;
        this.gridSize = gridSize;
        this.size = size;
        this.next = next;
        this.calibrationCount = calibrationCount;
        this.infeasibleCount = infeasibleCount;
    }

    /** n<sub>max</sub>, the most elements kept. */
    public int capacity() {
        return features.length;
    }

    /** G, the grid size the buffer was made for. */
    public int gridSize() {
        return gridSize;
    }

    /** Number of elements held, at most {@link #capacity()}. */
    public int size() {
        return size;
    }

    /** Number of calibration elements absorbed so far, evicted ones included. */
    public long calibrationCount() {
        return calibrationCount;
    }

    /** Number of queries answered with λ<sub>max</sub> because no grid value qualified. */
    public long infeasibleCount() {
        return infeasibleCount;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CalibrationBuffer)) {
            return false;
        }
        CalibrationBuffer that = (CalibrationBuffer) o;
        return gridSize == that.gridSize
                && size == that.size
                && next == that.next
                && calibrationCount == that.calibrationCount
                && infeasibleCount == that.infeasibleCount
                && Arrays.deepEquals(features, that.features)
                && Arrays.deepEquals(lossCurves, that.lossCurves);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(lossCurves) + Long.hashCode(calibrationCount);
    }

    @Override
    public String toString() {
        return "CalibrationBuffer{capacity=" + features.length + ", size=" + size + ", G=" + gridSize
                + ", calibrated=" + calibrationCount + ", infeasible=" + infeasibleCount + '}';
    }
}
