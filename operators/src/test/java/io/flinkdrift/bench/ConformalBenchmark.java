package io.flinkdrift.bench;

import io.flinkdrift.core.conformal.AbsoluteIntervalLoss;
import io.flinkdrift.core.conformal.CalibrationBuffer;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.DecayingLossSums;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.SplittableRandom;

/**
 * Throughput of conformal risk control on one thread, G = 100: labelled updates and queries of the
 * exponentially weighted controller (ρ = 0.99, alternating split so calibration positions step by
 * 2), a same-run baseline of the eager C.4 recursion (rescale all G sums on every update), and
 * similarity-weighted queries over a full buffer (n<sub>max</sub> = 2500, d = 16).
 */
@BenchmarkMode(Mode.Throughput)
@Threads(1)
@State(Scope.Thread)
public class ConformalBenchmark {

    private static final int GRID_SIZE = 100;
    private static final int CURVES = 1024;
    private static final double RHO = 0.99;

    private DecayWeightedRiskController controller;
    private DecayingLossSums state;
    private double[][] curves;
    private long position;

    private double[] eagerSums;
    private double eagerWeightSum;
    private long eagerAnchor;

    private SimilarityWeightedRiskController similarityController;
    private CalibrationBuffer buffer;
    private double[][] queries;

    @Setup
    public void setUp() {
        LambdaGrid grid = LambdaGrid.linspace(0, 2, GRID_SIZE);
        RiskTarget target = new RiskTarget(grid, 0.1, 1);
        controller = new DecayWeightedRiskController(target, ExponentialDecay.perArrival(RHO));
        state = controller.newState();
        SplittableRandom random = new SplittableRandom(1);
        AbsoluteIntervalLoss loss = new AbsoluteIntervalLoss(1);
        curves = new double[CURVES][];
        for (int i = 0; i < CURVES; i++) {
            curves[i] = loss.lossCurve(0.0, Math.abs(random.nextGaussian()) * 0.5, grid);
            controller.update(state, 2L * i, curves[i]);
        }
        position = 2L * CURVES;
        eagerSums = new double[GRID_SIZE];
        eagerAnchor = 0;

        int capacity = 2500;
        int dimension = 16;
        similarityController = new SimilarityWeightedRiskController(target, capacity, Similarity.gaussian(4));
        buffer = similarityController.newState();
        for (int i = 0; i < capacity; i++) {
            similarityController.update(buffer, random.doubles(dimension).toArray(), curves[i % CURVES]);
        }
        queries = new double[CURVES][];
        for (int i = 0; i < CURVES; i++) {
            queries[i] = random.doubles(dimension).toArray();
        }
    }

    @Benchmark
    public DecayingLossSums update() {
        position += 2;
        controller.update(state, position, curves[(int) (position >>> 1) & (CURVES - 1)]);
        return state;
    }

    @Benchmark
    public LambdaSelection query() {
        position += 2;
        return controller.select(state, position);
    }

    /** Baseline: the literal C.4 recursion S ← ρ^(a'−a) S + ρ L, which rescales every sum per update. */
    @Benchmark
    public double[] eagerRescaleUpdate() {
        position += 2;
        double[] curve = curves[(int) (position >>> 1) & (CURVES - 1)];
        double decay = Math.pow(RHO, position + 1 - eagerAnchor);
        for (int g = 0; g < GRID_SIZE; g++) {
            eagerSums[g] = decay * eagerSums[g] + RHO * curve[g];
        }
        eagerWeightSum = decay * eagerWeightSum + RHO;
        eagerAnchor = position + 1;
        return eagerSums;
    }

    @Benchmark
    public LambdaSelection similarityQuery() {
        position++;
        return similarityController.select(buffer, queries[(int) position & (CURVES - 1)]);
    }
}
