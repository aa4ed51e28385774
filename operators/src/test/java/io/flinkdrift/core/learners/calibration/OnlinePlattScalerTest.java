package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.learners.calibration.OnlinePlattScaler.Calibeating;
import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnlinePlattScalerTest {

    private static final int BINS = 10;

    @Test
    void firstStepIsTheOnlineNewtonStepFromTheDefaults() {
        OnlinePlattScaler scaler = OnlinePlattScaler.builder().build();
        assertEquals(0.8, scaler.calibrate(0.8), 1e-15);
        scaler.update(0.8, false);
        double z = Math.log(4);
        double g1 = 0.8 * z;
        double g2 = 0.8;
        double a11 = 100 + g1 * g1;
        double a12 = g1 * g2;
        double a22 = 100 + g2 * g2;
        double det = a11 * a22 - a12 * a12;
        assertEquals(1 - 10 * (a22 * g1 - a12 * g2) / det, scaler.slope(), 1e-14);
        assertEquals(-10 * (a11 * g2 - a12 * g1) / det, scaler.intercept(), 1e-14);
    }

    @ParameterizedTest
    @EnumSource(Calibeating.class)
    void stationaryOverconfidentScoresBecomeCalibrated(Calibeating calibeating) {
        OnlinePlattScaler scaler = OnlinePlattScaler.builder().calibeating(calibeating).build();
        SplittableRandom random = new SplittableRandom(2023);
        int n = 20_000;
        double[] base = new double[n];
        double[] calibrated = new double[n];
        boolean[] outcomes = new boolean[n];
        for (int t = 0; t < n; t++) {
            double trueLogit = 1.5 * gaussian(random);
            base[t] = sigmoid(3 * trueLogit);
            outcomes[t] = random.nextDouble() < sigmoid(trueLogit);
            calibrated[t] = scaler.calibrate(base[t]);
            scaler.update(base[t], outcomes[t]);
        }
        double baseEce = ece(base, outcomes, n / 2, n);
        double calibratedEce = ece(calibrated, outcomes, n / 2, n);
        System.out.printf("%s stationary: ECE base %.4f, calibrated %.4f, a=%.4f, b=%.4f, batch (%.4f, %.4f)%n",
                calibeating, baseEce, calibratedEce, scaler.slope(), scaler.intercept(), fitPlatt(base, outcomes, n)[0],
                fitPlatt(base, outcomes, n)[1]);
        assertTrue(baseEce > 0.08, "base ECE " + baseEce);
        assertTrue(calibratedEce < 0.02, "calibrated ECE " + calibratedEce);
        // clipping the scores to [0.01, 0.99] moves the best Platt map away from (1/3, 0): compare to batch
        double[] best = fitPlatt(base, outcomes, n);
        assertEquals(best[0], scaler.slope(), 0.05);
        assertEquals(best[1], scaler.intercept(), 0.05);
    }

    @Test
    void onlineScalerTracksPiecewiseDriftWhileAFixedPlattMapDoesNot() {
        OnlinePlattScaler scaler = OnlinePlattScaler.builder().build();
        SplittableRandom random = new SplittableRandom(7);
        int segment = 5000;
        double[] shifts = {0.0, 1.5, -1.0};
        int n = segment * shifts.length;
        double[] scores = new double[n];
        double[] online = new double[n];
        boolean[] outcomes = new boolean[n];
        for (int t = 0; t < n; t++) {
            double trueLogit = 1.5 * gaussian(random);
            scores[t] = sigmoid(3 * trueLogit);
            outcomes[t] = random.nextDouble() < sigmoid(trueLogit + shifts[t / segment]);
            online[t] = scaler.calibrate(scores[t]);
            scaler.update(scores[t], outcomes[t]);
        }
        double[] fixedMap = fitPlatt(scores, outcomes, segment);
        double[] fixed = new double[n];
        for (int t = 0; t < n; t++) {
            fixed[t] = sigmoid(fixedMap[0] * logit(scores[t]) + fixedMap[1]);
        }
        for (int s = 0; s < shifts.length; s++) {
            // the second half of each segment, after the online scaler had time to adapt
            int from = s * segment + segment / 2;
            int to = (s + 1) * segment;
            double onlineEce = ece(online, outcomes, from, to);
            double fixedEce = ece(fixed, outcomes, from, to);
            System.out.printf("segment %d (shift %.1f): ECE online %.4f, fixed Platt %.4f%n", s, shifts[s],
                    onlineEce, fixedEce);
            assertTrue(onlineEce < 0.04, "online ECE " + onlineEce + " in segment " + s);
            if (s > 0) {
                assertTrue(fixedEce > 0.12, "fixed ECE " + fixedEce + " in segment " + s);
            } else {
                assertTrue(fixedEce < 0.04, "fixed ECE " + fixedEce + " in its own segment");
            }
        }
    }

    @Test
    void thetaStaysFiniteAndInsideTheBallOnRandomAndAdversarialSequences() {
        SplittableRandom random = new SplittableRandom(31);
        for (int trial = 0; trial < 200; trial++) {
            double radius = 1 + random.nextDouble() * (trial % 2 == 0 ? 3 : 100);
            OnlinePlattScaler scaler = OnlinePlattScaler.builder().radius(radius)
                    .gamma(0.001 + random.nextDouble())
                    .calibeating(trial % 3 == 0 ? Calibeating.TRACKING : Calibeating.NONE).build();
            for (int t = 0; t < 300; t++) {
                double score = switch (random.nextInt(6)) {
                    case 0 -> 0.0;
                    case 1 -> 1.0;
                    case 2 -> Double.NaN;
                    default -> random.nextDouble();
                };
                boolean adversarial = random.nextBoolean();
                boolean outcome = adversarial ? score < 0.5 : random.nextBoolean();
                scaler.update(score, outcome);
                double norm = Math.hypot(scaler.slope(), scaler.intercept());
                assertTrue(Double.isFinite(norm) && norm <= radius * (1 + 1e-12),
                        "norm " + norm + " radius " + radius);
                double p = scaler.calibrate(random.nextDouble());
                assertTrue(p >= 0 && p <= 1);
            }
        }
    }

    @Test
    void projectionIsTheClosestPointOfTheBallInTheANorm() {
        OnlinePlattScaler scaler = OnlinePlattScaler.builder().radius(1.5).gamma(0.01).build();
        SplittableRandom random = new SplittableRandom(5);
        int projections = 0;
        for (int t = 0; t < 400; t++) {
            double score = random.nextDouble();
            boolean outcome = random.nextDouble() < 0.5;
            // replay the unprojected ONS step by hand
            double z = Math.log(Math.min(0.99, Math.max(0.01, score)) / (1 - Math.min(0.99, Math.max(0.01, score))));
            double residual = 1 / (1 + Math.exp(-(scaler.slope() * z + scaler.intercept()))) - (outcome ? 1 : 0);
            double[] a = scaler.onsMatrix();
            double a11 = a[0] + residual * residual * z * z;
            double a12 = a[1] + residual * residual * z;
            double a22 = a[2] + residual * residual;
            double det = a11 * a22 - a12 * a12;
            double y1 = scaler.slope() - 100 * (a22 * residual * z - a12 * residual) / det;
            double y2 = scaler.intercept() - 100 * (a11 * residual - a12 * residual * z) / det;
            scaler.update(score, outcome);
            if (Math.hypot(y1, y2) <= 1.5) {
                assertEquals(y1, scaler.slope(), 1e-12);
                assertEquals(y2, scaler.intercept(), 1e-12);
                continue;
            }
            projections++;
            // brute force over the boundary circle (the minimiser of a convex quadratic outside the ball)
            double best = Double.POSITIVE_INFINITY;
            double bestAngle = 0;
            for (int k = 0; k < 200_000; k++) {
                double angle = 2 * Math.PI * k / 200_000;
                double d1 = 1.5 * Math.cos(angle) - y1;
                double d2 = 1.5 * Math.sin(angle) - y2;
                double distance = a11 * d1 * d1 + 2 * a12 * d1 * d2 + a22 * d2 * d2;
                if (distance < best) {
                    best = distance;
                    bestAngle = angle;
                }
            }
            assertEquals(1.5 * Math.cos(bestAngle), scaler.slope(), 1e-4);
            assertEquals(1.5 * Math.sin(bestAngle), scaler.intercept(), 1e-4);
            if (projections == 5) {
                return;
            }
        }
        throw new AssertionError("the projection was active only " + projections + " times");
    }

    @Test
    void trackingCalibeatingOutputsTheRunningMeanOfOutcomesInTheForecastBin() {
        OnlinePlattScaler scaler = OnlinePlattScaler.builder().calibeating(Calibeating.TRACKING)
                .gamma(1e6).build(); // tiny ONS steps: the OPS forecast stays f
        assertEquals(0.35, scaler.calibrate(0.35), 1e-6);
        scaler.update(0.33, true);
        scaler.update(0.31, false);
        scaler.update(0.38, true);
        scaler.update(0.72, false);
        assertEquals(2.0 / 3, scaler.calibrate(0.35), 0.0);
        assertEquals(0.0, scaler.calibrate(0.75), 0.0);
        assertEquals(0.55, scaler.calibrate(0.55), 1e-4);
    }

    @Test
    void codecRoundTripContinuesBitIdentically() throws IOException {
        OnlinePlattScaler scaler = OnlinePlattScaler.builder().calibeating(Calibeating.TRACKING).radius(3).build();
        SplittableRandom random = new SplittableRandom(4);
        for (int t = 0; t < 500; t++) {
            if (t % 97 == 0) {
                scaler = roundTrip(new OnlinePlattScalerCodec(), scaler);
            }
            double score = random.nextDouble();
            OnlinePlattScaler twin = roundTrip(new OnlinePlattScalerCodec(), scaler);
            assertEquals(scaler.calibrate(score), twin.calibrate(score), 0.0);
            boolean outcome = random.nextBoolean();
            scaler.update(score, outcome);
            twin.update(score, outcome);
            assertEquals(scaler.slope(), twin.slope(), 0.0);
            assertEquals(scaler.intercept(), twin.intercept(), 0.0);
        }
    }

    @Test
    void builderValidatesParameters() {
        assertThrows(IllegalArgumentException.class, () -> OnlinePlattScaler.builder().gamma(0).build());
        assertThrows(IllegalArgumentException.class, () -> OnlinePlattScaler.builder().initialCurvature(-1).build());
        assertThrows(IllegalArgumentException.class, () -> OnlinePlattScaler.builder().radius(0.5).build());
        assertThrows(IllegalArgumentException.class, () -> OnlinePlattScaler.builder().clip(0.5).build());
        assertThrows(IllegalArgumentException.class, () -> OnlinePlattScaler.builder().bins(0).build());
        assertThrows(IllegalArgumentException.class, () -> OnlinePlattScaler.builder().calibeating(null).build());
    }

    /** Binned expected calibration error over [from, to): &Sigma; (n_b/n)|mean p &minus; mean y| over 10 bins. */
    static double ece(double[] p, boolean[] y, int from, int to) {
        double[] sumP = new double[BINS];
        double[] sumY = new double[BINS];
        int[] count = new int[BINS];
        for (int t = from; t < to; t++) {
            int bin = Math.min(BINS - 1, (int) (p[t] * BINS));
            sumP[bin] += p[t];
            sumY[bin] += y[t] ? 1 : 0;
            count[bin]++;
        }
        double total = 0;
        for (int b = 0; b < BINS; b++) {
            total += Math.abs(sumP[b] - sumY[b]);
        }
        return total / (to - from);
    }

    /** Batch Platt scaling (logistic regression of y on logit(clip(f)) and 1) on the first n examples, by Newton. */
    private static double[] fitPlatt(double[] scores, boolean[] y, int n) {
        double a = 0;
        double b = 0;
        for (int iteration = 0; iteration < 50; iteration++) {
            double g1 = 0, g2 = 0, h11 = 0, h12 = 0, h22 = 0;
            for (int t = 0; t < n; t++) {
                double z = logit(scores[t]);
                double p = sigmoid(a * z + b);
                double r = p - (y[t] ? 1 : 0);
                double w = p * (1 - p);
                g1 += r * z;
                g2 += r;
                h11 += w * z * z;
                h12 += w * z;
                h22 += w;
            }
            double det = h11 * h22 - h12 * h12;
            a -= (h22 * g1 - h12 * g2) / det;
            b -= (h11 * g2 - h12 * g1) / det;
        }
        return new double[] {a, b};
    }

    private static double logit(double f) {
        double c = Math.min(0.99, Math.max(0.01, f));
        return Math.log(c / (1 - c));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static <T> T roundTrip(StateCodec<T> codec, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(value, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), codec.version());
    }
}
