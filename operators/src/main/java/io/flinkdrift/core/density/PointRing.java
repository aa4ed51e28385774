package io.flinkdrift.core.density;

/** A circular buffer of the last {@code capacity} points of dimension d, stored flat; lag 1 is the newest. */
final class PointRing {

    private final int dimension;
    private final int capacity;
    private final double[] coordinates;
    private int next;
    private int size;

    PointRing(int capacity, int dimension) {
        this.capacity = capacity;
        this.dimension = dimension;
        this.coordinates = new double[capacity * dimension];
    }

    int size() {
        return size;
    }

    /** Coordinate {@code axis} of the point {@code lag} steps back, 1 &lt;= lag &lt;= size(). */
    double get(int lag, int axis) {
        int index = next - lag;
        return coordinates[(index < 0 ? index + capacity : index) * dimension + axis];
    }

    void push(double[] point) {
        System.arraycopy(point, 0, coordinates, next * dimension, dimension);
        next = next + 1 == capacity ? 0 : next + 1;
        size = Math.min(size + 1, capacity);
    }
}
