package io.flinkdrift.core.learners.calibration;

/**
 * Online Platt scaling (OPS) with optional tracking calibeating (TOPS), after Gupta and Ramdas,
 * "Online Platt Scaling with Calibeating", ICML 2023.
 *
 * <p>A binary score f &isin; [0, 1] is recalibrated to p = &sigma;(a&middot;logit(clip(f)) + b),
 * clip to [{@code clip}, 1 &minus; {@code clip}]. &theta; = (a, b) is learned by the Online Newton
 * Step on the log loss over z = (logit(clip(f)), 1): with g = (p &minus; y)z,
 * A &larr; A + gg&#7488; and &theta; &larr; &Pi;<sub>A</sub>(&theta; &minus; A<sup>&minus;1</sup>g/&gamma;),
 * where &Pi;<sub>A</sub> is the projection, in the A-norm, onto the Euclidean ball &Vert;&theta;&Vert;
 * &le; {@code radius}. The projection solves (A + &mu;I)&theta; = A&theta;&prime; for the Lagrange
 * multiplier &mu; &ge; 0 by bisection (&Vert;&theta;(&mu;)&Vert; decreases in &mu;) and always
 * returns a point inside the ball.
 *
 * <p>With {@link Calibeating#TRACKING} the output is the running mean of past outcomes whose OPS
 * forecast fell into the same of {@code bins} equal-width bins as the current OPS forecast, or the
 * OPS forecast while that bin is empty.
 *
 * <p>Defaults (Algorithm 1 as quoted by a third-party port): &theta;<sub>0</sub> = (1, 0), &gamma; =
 * 0.1, A<sub>0</sub> = 100&middot;I, radius 100, clip 0.01, 10 bins, calibeating off. A NaN score
 * is treated as 0.5 by {@link #calibrate} and not learned by {@link #update}. O(1) time and state.
 * Not thread-safe.
 */
public final class OnlinePlattScaler {

    /** The calibeating variant applied on top of OPS. */
    public enum Calibeating {
        /** Plain OPS. */
        NONE,
        /** TOPS: the running mean of past outcomes in the OPS forecast's bin. */
        TRACKING
    }

    private static final int PROJECTION_ITERATIONS = 200;

    private final double gamma;
    private final double radius;
    private final double clip;
    private final Calibeating calibeating;

    private double slope = 1.0;
    private double intercept = 0.0;
    /** The symmetric 2&times;2 ONS matrix A = [[a11, a12], [a12, a22]]. */
    private double a11;
    private double a12;
    private double a22;
    private final long[] binCounts;
    private final long[] binPositives;
    private long updates;

    private OnlinePlattScaler(Builder b) {
        this.gamma = b.gamma;
        this.radius = b.radius;
        this.clip = b.clip;
        this.calibeating = b.calibeating;
        this.a11 = b.initialCurvature;
        this.a22 = b.initialCurvature;
        this.binCounts = new long[b.bins];
        this.binPositives = new long[b.bins];
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The calibrated probability of class 1 for base score {@code score}; does not change the state. */
    public double calibrate(double score) {
        double forecast = plattForecast(score);
        if (calibeating == Calibeating.TRACKING) {
            int bin = bin(forecast);
            if (binCounts[bin] > 0) {
                return binPositives[bin] / (double) binCounts[bin];
            }
        }
        return forecast;
    }

    /** Learns from one base score and the observed binary outcome. */
    public void update(double score, boolean outcome) {
        if (Double.isNaN(score)) {
            return;
        }
        double z = logit(score);
        double forecast = sigmoid(slope * z + intercept);
        if (calibeating == Calibeating.TRACKING) {
            int bin = bin(forecast);
            binCounts[bin]++;
            binPositives[bin] += outcome ? 1 : 0;
        }
        double residual = forecast - (outcome ? 1.0 : 0.0);
        double g1 = residual * z;
        double g2 = residual;
        a11 += g1 * g1;
        a12 += g1 * g2;
        a22 += g2 * g2;
        double det = a11 * a22 - a12 * a12;
        double stepSlope = (a22 * g1 - a12 * g2) / det;
        double stepIntercept = (a11 * g2 - a12 * g1) / det;
        project(slope - stepSlope / gamma, intercept - stepIntercept / gamma);
        updates++;
    }

    /** The OPS slope a. */
    public double slope() {
        return slope;
    }

    /** The OPS intercept b. */
    public double intercept() {
        return intercept;
    }

    public Calibeating calibeating() {
        return calibeating;
    }

    public double gamma() {
        return gamma;
    }

    public double radius() {
        return radius;
    }

    public double clip() {
        return clip;
    }

    public int bins() {
        return binCounts.length;
    }

    /** Number of learned (non-NaN) updates. */
    public long updates() {
        return updates;
    }

    /** Sets &theta; to the A-norm projection of (a, b) onto the ball of radius {@link #radius()}. */
    private void project(double a, double b) {
        double norm = Math.hypot(a, b);
        if (norm <= radius) {
            slope = a;
            intercept = b;
            return;
        }
        // theta(mu) = (A + mu I)^-1 A y; its norm is at most trace(A)|y|/mu, so hi is feasible
        double targetA = a11 * a + a12 * b;
        double targetB = a12 * a + a22 * b;
        double lo = 0.0;
        double hi = (a11 + a22) * norm / radius;
        for (int i = 0; i < PROJECTION_ITERATIONS && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (normOfShiftedSolve(mid, targetA, targetB) > radius) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double p = a11 + hi;
        double r = a22 + hi;
        double det = p * r - a12 * a12;
        double newA = (r * targetA - a12 * targetB) / det;
        double newB = (p * targetB - a12 * targetA) / det;
        double newNorm = Math.hypot(newA, newB);
        double shrink = newNorm > radius ? radius / newNorm : 1.0;
        slope = newA * shrink;
        intercept = newB * shrink;
    }

    private double normOfShiftedSolve(double mu, double targetA, double targetB) {
        double p = a11 + mu;
        double r = a22 + mu;
        double det = p * r - a12 * a12;
        return Math.hypot((r * targetA - a12 * targetB) / det, (p * targetB - a12 * targetA) / det);
    }

    private double plattForecast(double score) {
        return sigmoid(slope * logit(score) + intercept);
    }

    private double logit(double score) {
        double f = Double.isNaN(score) ? 0.5 : Math.min(1.0 - clip, Math.max(clip, score));
        return Math.log(f / (1.0 - f));
    }

    private int bin(double probability) {
        return Math.min(binCounts.length - 1, (int) (probability * binCounts.length));
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    // State access for the codec.

    double[] onsMatrix() {
        return new double[] {a11, a12, a22};
    }

    long[] binCounts() {
        return binCounts;
    }

    long[] binPositives() {
        return binPositives;
    }

    void restore(double slope, double intercept, double a11, double a12, double a22, long updates) {
        this.slope = slope;
        this.intercept = intercept;
        this.a11 = a11;
        this.a12 = a12;
        this.a22 = a22;
        this.updates = updates;
    }

    /** Builder; {@link #build()} validates every parameter. */
    public static final class Builder {
        private double gamma = 0.1;
        private double initialCurvature = 100.0;
        private double radius = 100.0;
        private double clip = 0.01;
        private Calibeating calibeating = Calibeating.NONE;
        private int bins = 10;

        private Builder() {}

        /** ONS step parameter &gamma; &gt; 0 (step A<sup>&minus;1</sup>g/&gamma;), default 0.1. */
        public Builder gamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /** A<sub>0</sub> = initialCurvature&middot;I, &gt; 0, default 100. */
        public Builder initialCurvature(double initialCurvature) {
            this.initialCurvature = initialCurvature;
            return this;
        }

        /** Radius D &gt; 0 of the ball &Vert;(a, b)&Vert; &le; D, default 100; must contain (1, 0). */
        public Builder radius(double radius) {
            this.radius = radius;
            return this;
        }

        /** Scores are clipped to [clip, 1 &minus; clip], clip in (0, 0.5), default 0.01. */
        public Builder clip(double clip) {
            this.clip = clip;
            return this;
        }

        public Builder calibeating(Calibeating calibeating) {
            this.calibeating = calibeating;
            return this;
        }

        /** Number of equal-width calibeating bins, in [1, 1000], default 10. */
        public Builder bins(int bins) {
            this.bins = bins;
            return this;
        }

        /** @throws IllegalArgumentException naming the first parameter outside its valid range */
        public OnlinePlattScaler build() {
            require(gamma > 0 && Double.isFinite(gamma), "gamma must be finite and > 0, got " + gamma);
            require(initialCurvature > 0 && Double.isFinite(initialCurvature),
                    "initialCurvature must be finite and > 0, got " + initialCurvature);
            require(radius >= 1 && Double.isFinite(radius), "radius must be finite and >= 1, got " + radius);
            require(clip > 0 && clip < 0.5, "clip must be in (0, 0.5), got " + clip);
            require(calibeating != null, "calibeating must not be null");
            require(bins >= 1 && bins <= 1000, "bins must be in [1, 1000], got " + bins);
            return new OnlinePlattScaler(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
