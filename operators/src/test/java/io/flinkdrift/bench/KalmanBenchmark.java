package io.flinkdrift.bench;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-thread throughput of one prequential step of {@link KalmanClassifier} (predict the class
 * probabilities, then learn), K = 2, default configuration (probit, learned γ, bias feature), for
 * feature dimension d. The baseline {@code predictOnly} isolates the cost of the prediction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KalmanBenchmark {

    private static final int POOL = 1024;

    @Param({"8", "64", "256"})
    public int dimension;

    private double[][] features;
    private int[] labels;
    private KalmanClassifier classifier;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        features = new double[POOL][dimension];
        labels = new int[POOL];
        for (int t = 0; t < POOL; t++) {
            double score = 0;
            for (int i = 0; i < dimension; i++) {
                features[t][i] = random.nextGaussian();
                score += features[t][i] * (i % 3 - 1);
            }
            labels[t] = score > 0 ? 1 : 0;
        }
        classifier = new KalmanClassifier(KalmanConfig.defaults());
        for (int t = 0; t < POOL; t++) {
            classifier.learn(features[t], labels[t]);
        }
    }

    @Benchmark
    public double predictAndLearn() {
        int t = next++ & (POOL - 1);
        double[] p = classifier.predictProbabilities(features[t]);
        classifier.learn(features[t], labels[t]);
        return p[0];
    }

    @Benchmark
    public double predictOnly() {
        int t = next++ & (POOL - 1);
        return classifier.predictProbabilities(features[t])[0];
    }
}
