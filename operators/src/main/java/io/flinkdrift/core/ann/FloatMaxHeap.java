package io.flinkdrift.core.ann;

/**
 * A max-heap of floats held in the first n entries of a caller's array (no objects, no allocation): the
 * k smallest of a stream of values, its root the k-th smallest so far. Static operations only.
 */
final class FloatMaxHeap {

    private FloatMaxHeap() {}

    /** Adds {@code value} to the heap of n values in heap[0..n), which must have room for n + 1. */
    static void push(float[] heap, int n, float value) {
        int i = n;
        while (i > 0 && heap[(i - 1) >>> 1] < value) {
            heap[i] = heap[(i - 1) >>> 1];
            i = (i - 1) >>> 1;
        }
        heap[i] = value;
    }

    /** Places {@code value} at position i of the heap of n values in heap[0..n), moving it down. */
    static void siftDown(float[] heap, int n, int i, float value) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= value) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = value;
    }
}
