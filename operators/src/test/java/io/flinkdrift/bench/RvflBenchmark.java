package io.flinkdrift.bench;

import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Single-thread prequential throughput (predict, then learn) of {@link RvflClassifier}: plain RLS
 * with d = 8 (D = 9) and default Lite-RVFL (N<sub>e</sub> = N<sub>2</sub> = 10, bias) with d = 6
 * (D = 107) and d = 20 (D = 121), on a binary linear stream. Re-regularisation (period 1000) is on,
 * so its amortised O(D&sup3;) cost is included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RvflBenchmark {

    private static final int STREAM = 4096;

    @Param({"rls-d8", "rvfl-d6", "rvfl-d20"})
    public String model;

    private RvflClassifier classifier;
    private double[][] features;
    private int[] labels;
    private int next;

    @Setup
    public void setUp() {
        int d = Integer.parseInt(model.substring(model.indexOf("-d") + 2));
        RlsConfig.Builder builder = RlsConfig.builder(d);
        if (model.startsWith("rls")) {
            builder.plainRls();
        }
        classifier = new RvflClassifier(builder.build());
        SplittableRandom random = new SplittableRandom(1);
        features = new double[STREAM][d];
        labels = new int[STREAM];
        for (int t = 0; t < STREAM; t++) {
            double score = 0;
            for (int i = 0; i < d; i++) {
                features[t][i] = random.nextDouble(-1, 1);
                score += (i % 2 == 0 ? 1 : -1) * features[t][i];
            }
            labels[t] = score > 0 ? 1 : 0;
        }
        for (int t = 0; t < STREAM; t++) {
            classifier.learn(features[t], labels[t]);
        }
    }

    @Benchmark
    public double predictThenLearn() {
        int t = next;
        next = (t + 1) % STREAM;
        double[] probabilities = classifier.predictProbabilities(features[t]);
        classifier.learn(features[t], labels[t]);
        return probabilities[1];
    }
}
