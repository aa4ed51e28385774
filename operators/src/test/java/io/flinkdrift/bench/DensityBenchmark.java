package io.flinkdrift.bench;

import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.CategoricalBinning;
import io.flinkdrift.core.density.FixedWindowHistogramEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.HistogramEstimator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;

/**
 * Single-thread throughput (elements/s) of the drift-aware density estimators: the adaptive
 * categorical estimator (k = 32, J = 14, default selection: N = 32, delta = 0.1, c = 1) and the
 * adaptive 1-D histogram (B = 32 bins on [0, 1), J = 14), each against the fixed-window estimator
 * (r = 2^14) on the same elements as the same-run baseline. One operation = one element added; the
 * stream drifts (the distribution changes every 20,000 elements) so re-selections shrink and regrow
 * the window.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class DensityBenchmark {

    private static final int BATCH = 1 << 16;
    private static final int MAX_EXPONENT = 14;

    private final int[] symbols = new int[BATCH];
    private final double[][] values = new double[BATCH][];
    private HistogramEstimator adaptiveDiscrete;
    private HistogramEstimator fixedDiscrete;
    private HistogramEstimator adaptiveHistogram;
    private HistogramEstimator fixedHistogram;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < BATCH; i++) {
            boolean firstRegime = (i / 20_000) % 2 == 0;
            symbols[i] = firstRegime ? random.nextInt(32) : random.nextInt(8);
            values[i] = new double[] {firstRegime ? random.nextDouble() : random.nextDouble() * 0.3};
        }
        CategoricalBinning alphabet = new CategoricalBinning(32);
        GridBinning grid = new GridBinning(0.0, 1.0, 32);
        AdaptiveWindowConfig config = AdaptiveWindowConfig.withMaxWindowExponent(MAX_EXPONENT);
        adaptiveDiscrete = new AdaptiveHistogramEstimator(alphabet, config);
        fixedDiscrete = new FixedWindowHistogramEstimator(alphabet, 1 << MAX_EXPONENT);
        adaptiveHistogram = new AdaptiveHistogramEstimator(grid, config);
        fixedHistogram = new FixedWindowHistogramEstimator(grid, 1 << MAX_EXPONENT);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int adaptiveDiscrete() {
        for (int symbol : symbols) {
            adaptiveDiscrete.addBin(symbol);
        }
        return adaptiveDiscrete.window();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fixedWindowDiscrete() {
        for (int symbol : symbols) {
            fixedDiscrete.addBin(symbol);
        }
        return fixedDiscrete.window();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int adaptiveHistogram1d() {
        for (double[] value : values) {
            adaptiveHistogram.add(value);
        }
        return adaptiveHistogram.window();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fixedWindowHistogram1d() {
        for (double[] value : values) {
            fixedHistogram.add(value);
        }
        return fixedHistogram.window();
    }

    /** Anomaly scoring as the operator will do it: score before adding. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double adaptiveHistogram1dScoreThenAdd() {
        double sum = 0;
        for (double[] value : values) {
            sum += adaptiveHistogram.logDensity(value);
            adaptiveHistogram.add(value);
        }
        return sum;
    }
}
