package io.flinkdrift.core.ann;

/** Squared Euclidean distances over flat row-major float arrays, and input checks. */
final class Distances {

    private Distances() {}

    /** ‖a[aOffset..aOffset+d) − b[bOffset..bOffset+d)‖², accumulated in float as Faiss does. */
    static float squaredL2(float[] a, int aOffset, float[] b, int bOffset, int d) {
        float sum = 0f;
        for (int i = 0; i < d; i++) {
            float diff = a[aOffset + i] - b[bOffset + i];
            sum += diff * diff;
        }
        return sum;
    }

    /** Throws an {@link IllegalArgumentException} unless {@code vector} has length d and finite values. */
    static void checkVector(String name, float[] vector, int d) {
        if (vector == null || vector.length != d) {
            throw new IllegalArgumentException(name + " must have length " + d + ", got "
                    + (vector == null ? "null" : String.valueOf(vector.length)));
        }
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException(name + " must be finite, got " + value);
            }
        }
    }
}
