package io.flinkdrift.jobs.conformal;

import io.flinkdrift.core.conformal.AdaptiveRiskController;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.FalseNegativeRateLoss;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LabelledElement;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.PidRiskController;
import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflRegressor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Every conformal risk controller side by side, on the same model outputs, with the operators'
 * streaming semantics (select λ̂, then feed the labelled element back; even indices calibrate, odd
 * ones train the model): ELEC2 intervals (the {@code regress --learner rls} model, exponentially
 * weighted RLS with λ = 0.994 and ridge 0.1, miscoverage loss, α = 0.1 and 0.05) and the synthetic
 * multilabel task of Farinhas et al. (ICLR 2024, §4.1; FNR, α = 0.2; iid, changepoints, drift, at
 * noise 0.1 as in the paper and 1.0 as in the authors' notebook). Baselines: adaptive conformal
 * inference (Gibbs and Candès 2021, split CRC over every calibration element at level α<sub>t</sub>)
 * and rolling split conformal over the last 50 calibration elements.
 *
 * <p>Usage: {@code java -cp flink-drift-jobs.jar io.flinkdrift.jobs.conformal.ControllerComparison
 * PATH/elec2-normalized-with-time.csv}; {@code src/bench/conformal-controllers.sh} runs it.
 */
public final class ControllerComparison {

    static final int WARM_UP = 200;
    static final int WINDOW = 300;
    static final SplitRule SPLIT = SplitRule.alternating();
    private static final double[] NO_FEATURES = {};

    private ControllerComparison() {}

    /**
     * Realised losses and set sizes of one controller after the warm-up.
     *
     * @param meanLoss mean realised loss (miscoverage or FNR)
     * @param worstWindowLoss the largest mean loss over {@link #WINDOW} consecutive elements
     * @param meanSize mean full interval width 2λ̂, or mean λ̂ for label sets
     */
    record Result(double meanLoss, double worstWindowLoss, double meanSize) {}

    /** The controllers compared, by name, for a target. */
    static Map<String, RiskController<?>> controllers(RiskTarget target) {
        Map<String, RiskController<?>> controllers = new LinkedHashMap<>();
        controllers.put("non-X CRC, rho = 0.99", new DecayWeightedRiskController(target, ExponentialDecay.perArrival(0.99)));
        controllers.put("CRC (unit weights)", new DecayWeightedRiskController(target, ExponentialDecay.none()));
        controllers.put("baseline: ACI, gamma = 0.05", new AdaptiveRiskController(
                new DecayWeightedRiskController(target, ExponentialDecay.none()), 0.05));
        controllers.put("baseline: rolling split CP, last 50",
                new SimilarityWeightedRiskController(target, 50, (a, b) -> 1));
        controllers.put("ACI over non-X CRC, rho = 0.995, gamma = 0.05", new AdaptiveRiskController(
                new DecayWeightedRiskController(target, ExponentialDecay.perArrival(0.995)), 0.05));
        controllers.put("conformal PID, eta = 0.05", new PidRiskController(target, 0.05, 0, 1));
        controllers.put("rho experts 0.98..1, eta = 100, sigma = 0.05, gamma = 0.05", new RhoExpertsRiskController(
                target, new double[] {0.98, 0.99, 0.995, 0.998, 0.999, 1}, 100, 0.05, 0.05));
        return controllers;
    }

    /** Replays the loss curves through {@code controller} as a keyed operator would; returns the shown grid indices. */
    static <S> int[] replay(RiskController<S> controller, double[][] curves) {
        S state = controller.newState();
        int[] shown = new int[curves.length];
        for (int n = 0; n < curves.length; n++) {
            LambdaSelection selection = controller.select(state, n, n, NO_FEATURES);
            shown[n] = selection.gridIndex();
            controller.update(state, new LabelledElement(n, n, NO_FEATURES, curves[n], shown[n], SPLIT.calibrates(n)));
        }
        return shown;
    }

    static Result evaluate(double[][] curves, int[] shown, Function<Integer, Double> size) {
        int points = curves.length - WARM_UP;
        double[] losses = new double[points];
        double lossSum = 0;
        double sizeSum = 0;
        for (int i = 0; i < points; i++) {
            int n = WARM_UP + i;
            losses[i] = curves[n][shown[n]];
            lossSum += losses[i];
            sizeSum += size.apply(shown[n]);
        }
        double worst = 0;
        double window = 0;
        for (int i = 0; i < points; i++) {
            window += losses[i] - (i >= WINDOW ? losses[i - WINDOW] : 0);
            if (i >= WINDOW - 1) {
                worst = Math.max(worst, window / WINDOW);
            }
        }
        return new Result(lossSum / points, worst, sizeSum / points);
    }

    /** Miscoverage curves of the ELEC2 intervals around the {@code regress --learner rls} predictions. */
    static double[][] elec2Curves(List<double[]> rows, LambdaGrid grid) {
        RvflRegressor model = new RvflRegressor(RlsConfig.of(4, 0.994, 0, 42));
        IntervalMiscoverageLoss loss = new IntervalMiscoverageLoss();
        double[][] curves = new double[rows.size()][];
        for (int n = 0; n < rows.size(); n++) {
            double[] row = rows.get(n);
            double[] x = {row[0], row[1], row[2], row[3]};
            curves[n] = loss.lossCurve(model.predict(x), row[4], grid);
            if (SPLIT.trains(n)) {
                model.learn(x, row[4]);
            }
        }
        return curves;
    }

    /** The synthetic multilabel settings of Farinhas et al. §4.1. */
    enum Setting { IID, CHANGEPOINTS, DRIFT }

    /**
     * FNR curves of one trial: M = 10 labels, N = 2000, X ~ N(0, I), Y = 1{W X − 0.5 + noise · ε > 0};
     * W = I (iid), rows cyclically shifted at 500 and 1500 (changepoints) or interpolated linearly from
     * I to the final changepoint matrix (drift); one online Kalman-filter logistic classifier per label
     * trained on the odd indices.
     */
    static double[][] multilabelCurves(Setting setting, double noise, long seed, LambdaGrid grid) {
        int labels = 10;
        int steps = 2000;
        SplittableRandom random = new SplittableRandom(seed);
        KalmanClassifier[] models = new KalmanClassifier[labels];
        for (int m = 0; m < labels; m++) {
            models[m] = new KalmanClassifier(KalmanConfig.defaults());
        }
        FalseNegativeRateLoss loss = new FalseNegativeRateLoss();
        double[][] curves = new double[steps][];
        for (int n = 0; n < steps; n++) {
            double[] x = new double[labels];
            for (int a = 0; a < labels; a++) {
                x[a] = random.nextGaussian();
            }
            boolean[] positives = new boolean[labels];
            double[] scores = new double[labels];
            for (int m = 0; m < labels; m++) {
                double logit = weightedSum(setting, n, steps, m, x) - 0.5 + noise * random.nextGaussian();
                positives[m] = logit > 0;
                double[] probabilities = models[m].predictProbabilities(x);
                scores[m] = probabilities.length > 1 ? probabilities[1] : 0.5;
            }
            curves[n] = loss.lossCurve(scores, positives, grid);
            if (SPLIT.trains(n)) {
                for (int m = 0; m < labels; m++) {
                    models[m].learn(x, positives[m] ? 1 : 0);
                }
            }
        }
        return curves;
    }

    /** (W x)_m: W = I shifted cyclically by one row per changepoint passed, or interpolated. */
    private static double weightedSum(Setting setting, int n, int steps, int m, double[] x) {
        int labels = x.length;
        switch (setting) {
            case IID:
                return x[m];
            case CHANGEPOINTS: {
                int shift = n < 500 ? 0 : n < 1500 ? 1 : 2;
                return x[(m + shift) % labels];
            }
            default: {
                double t = (double) n / (steps - 1);
                return (1 - t) * x[m] + t * x[(m + 2) % labels];
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ControllerComparison PATH/elec2-normalized-with-time.csv");
            System.exit(2);
        }
        List<double[]> rows = Elec2Reproduction.read(Path.of(args[0]));
        LambdaGrid elec2Grid = LambdaGrid.linspace(0, 1, 101);
        double[][] elec2 = elec2Curves(rows, elec2Grid);
        for (double alpha : new double[] {0.1, 0.05}) {
            System.out.printf(Locale.ROOT, "%nELEC2 transfer, rls (lambda 0.994, ridge 0.1), alpha = %.2f, %d steps after %d:%n",
                    alpha, rows.size() - WARM_UP, WARM_UP);
            System.out.println("| controller | coverage | worst 300-step coverage | mean width |");
            System.out.println("|---|---|---|---|");
            RiskTarget target = new RiskTarget(elec2Grid, alpha, 1);
            for (Map.Entry<String, RiskController<?>> c : controllers(target).entrySet()) {
                Result r = evaluate(elec2, replay(c.getValue(), elec2), g -> 2 * elec2Grid.value(g));
                System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", c.getKey(), 1 - r.meanLoss,
                        1 - r.worstWindowLoss, r.meanSize);
            }
        }
        LambdaGrid labelGrid = LambdaGrid.linspace(0, 1, 50);
        RiskTarget target = new RiskTarget(labelGrid, 0.2, 1);
        for (double noise : new double[] {0.1, 1.0}) {
            System.out.printf(Locale.ROOT, "%nSynthetic multilabel (Farinhas et al. 4.1), FNR, alpha = 0.2, noise %.1f,"
                    + " mean of 10 trials after %d steps (mean FNR / mean lambda):%n", noise, WARM_UP);
            System.out.println("| controller | iid | changepoints | drift |");
            System.out.println("|---|---|---|---|");
            Map<String, StringBuilder> lines = new LinkedHashMap<>();
            for (Setting setting : Setting.values()) {
                List<double[][]> trials = new ArrayList<>();
                for (long trial = 0; trial < 10; trial++) {
                    trials.add(multilabelCurves(setting, noise, 1000 * setting.ordinal() + trial, labelGrid));
                }
                for (Map.Entry<String, RiskController<?>> c : controllers(target).entrySet()) {
                    double loss = 0;
                    double size = 0;
                    for (double[][] curves : trials) {
                        Result r = evaluate(curves, replay(c.getValue(), curves), labelGrid::value);
                        loss += r.meanLoss / trials.size();
                        size += r.meanSize / trials.size();
                    }
                    lines.computeIfAbsent(c.getKey(), k -> new StringBuilder("| " + k))
                            .append(String.format(Locale.ROOT, " | %.3f / %.3f", loss, size));
                }
            }
            lines.values().forEach(line -> System.out.println(line + " |"));
        }
    }
}
