package io.flinkdrift.generators;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A rotation of R^d in the plane spanned by two orthonormal directions {@code u, v}, leaving the
 * orthogonal complement fixed: the in-plane coordinates {@code (a, b) = (u·x, v·x)} become
 * {@code (a cos φ − b sin φ, a sin φ + b cos φ)}. Closed form in the angle, so a generator can
 * evaluate its state at any record index directly.
 */
final class PlaneRotation implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] u;
    private final double[] v;

    private PlaneRotation(double[] u, double[] v) {
        this.u = u;
        this.v = v;
    }

    /** A rotation in a random plane: {@code u, v} by Gram-Schmidt on two Gaussian vectors. */
    static PlaneRotation random(int dimension, SplittableRandom random) {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension must be >= 2 for a rotation, got " + dimension);
        }
        double[] u = unitGaussian(dimension, random);
        double[] v;
        do {
            v = unitGaussian(dimension, random);
            double projection = dot(u, v);
            for (int j = 0; j < dimension; j++) {
                v[j] -= projection * u[j];
            }
        } while (normalize(v) < 1e-6); // v (almost) parallel to u: probability ~0, draw again
        return new PlaneRotation(u, v);
    }

    /** The first direction {@code u}; {@code rotate(u(), φ) = cos φ u + sin φ v}. */
    double[] u() {
        return u.clone();
    }

    /** The second direction {@code v}. */
    double[] v() {
        return v.clone();
    }

    /** {@code x} rotated by {@code angle} radians from {@code u} towards {@code v}; a new array. */
    double[] rotate(double[] x, double angle) {
        double a = dot(u, x);
        double b = dot(v, x);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double du = a * (cos - 1.0) - b * sin;
        double dv = a * sin + b * (cos - 1.0);
        double[] rotated = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            rotated[j] = x[j] + du * u[j] + dv * v[j];
        }
        return rotated;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    private static double[] unitGaussian(int dimension, SplittableRandom random) {
        double[] x = new double[dimension];
        do {
            for (int j = 0; j < dimension; j++) {
                x[j] = Randoms.gaussian(random);
            }
        } while (normalize(x) < 1e-6);
        return x;
    }

    /** Scales {@code x} to unit length in place when its norm is positive; returns the old norm. */
    private static double normalize(double[] x) {
        double norm = Math.sqrt(dot(x, x));
        if (norm > 0) {
            for (int j = 0; j < x.length; j++) {
                x[j] /= norm;
            }
        }
        return norm;
    }
}
