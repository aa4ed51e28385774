package io.flinkdrift.jobs.conformal;

import io.flinkdrift.core.conformal.AbsoluteIntervalLoss;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.DecayingLossSums;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflRegressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reproduces the ELEC2 experiment of Farinhas et al., "Non-exchangeable conformal risk control"
 * (ICLR 2024, §4.2; docs/conformal.md, "Our numbers") with the flink-drift cores: target {@code transfer}, rows from index
 * 17760 on, 09:00 &le; time &lt; 12:00 (period in [18/47, 24/47), 3444 points), features nswprice,
 * nswdemand, vicprice, vicdemand; odd indices train the model, even indices calibrate; λ-insensitive
 * absolute loss with B = 1, λ ∈ {0, 0.01, …, 1}, α = 0.05, ρ = 0.99; losses and full interval widths
 * 2λ̂ averaged after a warm-up of 200. Methods: CRC+LS (unit weights), non-X CRC+LS (ρ<sup>n−i</sup>
 * weights), non-X CRC+WLS (the same weights, model RLS with forgetting ρ); LS is RLS with
 * forgetting 1 (ridge 0.1, no intercept, which comes
 * closest to the published widths; with an intercept the intervals are about half as wide).
 *
 * <p>Two calibration modes: {@code streaming} (the operators' semantics: an element's calibration
 * loss is fixed when it arrives, from the prediction made before it) and {@code refit} (the
 * authors' notebook: at every step all calibration losses are recomputed with the current model).
 *
 * <p>Usage: {@code java -cp flink-drift-jobs.jar io.flinkdrift.jobs.conformal.Elec2Reproduction
 * PATH/elec2-normalized-with-time.csv [--intercept]}; prints one line per method and mode.
 */
public final class Elec2Reproduction {

    static final int FIRST_ROW = 17760;
    static final int WARM_UP = 200;
    static final double ALPHA = 0.05;
    static final double RHO = 0.99;
    static final LambdaGrid GRID = LambdaGrid.linspace(0, 1, 101);
    static final AbsoluteIntervalLoss LOSS = new AbsoluteIntervalLoss(1);
    private static final SplitRule SPLIT = SplitRule.alternating();

    private Elec2Reproduction() {}

    /** Mean loss and mean full width after the warm-up. */
    record Result(double meanLoss, double meanWidth, int points) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || args.length == 2 && !args[1].equals("--intercept")) {
            System.err.println("usage: Elec2Reproduction PATH/elec2-normalized-with-time.csv [--intercept]");
            System.exit(2);
        }
        List<double[]> rows = read(Path.of(args[0]));
        boolean intercept = args.length == 2;
        System.out.println("points: " + rows.size() + (intercept ? ", models with intercept" : ""));
        for (boolean refit : new boolean[] {false, true}) {
            String mode = refit ? "refit" : "streaming";
            print(mode, "CRC+LS", run(rows, 1, 1, intercept, refit));
            print(mode, "non-X CRC+LS", run(rows, 1, RHO, intercept, refit));
            print(mode, "non-X CRC+WLS", run(rows, RHO, RHO, intercept, refit));
        }
    }

    private static void print(String mode, String method, Result r) {
        System.out.printf(Locale.ROOT, "%-9s %-14s loss %.4f  width %.3f  (%d points)%n", mode, method, r.meanLoss,
                r.meanWidth, r.points);
    }

    /** The filtered rows as {nswprice, nswdemand, vicprice, vicdemand, transfer}. */
    static List<double[]> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).replace("\"", "").split(","));
        int period = header.indexOf("period");
        int[] columns = {header.indexOf("nswprice"), header.indexOf("nswdemand"), header.indexOf("vicprice"),
            header.indexOf("vicdemand"), header.indexOf("transfer")};
        List<double[]> rows = new ArrayList<>();
        for (int row = FIRST_ROW; row + 1 < lines.size(); row++) {
            String[] cells = lines.get(row + 1).split(",");
            // period is the half-hour index / 47; 09:00 is 18, 12:00 is 24 (excluded)
            long halfHour = Math.round(Double.parseDouble(cells[period]) * 47);
            if (halfHour >= 18 && halfHour < 24) {
                double[] values = new double[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    values[c] = Double.parseDouble(cells[columns[c]]);
                }
                rows.add(values);
            }
        }
        return rows;
    }

    /**
     * One run over {@code rows}.
     *
     * @param forgetting the RLS forgetting factor: 1 = least squares, ρ = weighted least squares
     * @param rho the decay of the conformal weights: 1 = CRC
     * @param intercept whether the model has an intercept (the {@code regress --learner rls} model)
     */
    static Result run(List<double[]> rows, double forgetting, double rho, boolean intercept, boolean refit) {
        RvflRegressor model = new RvflRegressor(
                RlsConfig.builder(4).plainRls().bias(intercept).forgetting(forgetting).build());
        DecayWeightedRiskController controller = new DecayWeightedRiskController(
                new RiskTarget(GRID, ALPHA, LOSS.bound()), ExponentialDecay.perArrival(rho));
        DecayingLossSums state = controller.newState();
        List<Integer> calibration = new ArrayList<>();
        double lossSum = 0;
        double widthSum = 0;
        int points = 0;
        for (int n = 0; n < rows.size(); n++) {
            double[] row = rows.get(n);
            double[] x = features(row);
            double predicted = model.predict(x);
            if (refit) {
                state = controller.newState();
                for (int i : calibration) {
                    double[] r = rows.get(i);
                    controller.update(state, i, LOSS.lossCurve(model.predict(features(r)), r[4], GRID));
                }
            }
            LambdaSelection selection = controller.select(state, n);
            double[] curve = LOSS.lossCurve(predicted, row[4], GRID);
            if (n >= WARM_UP) {
                lossSum += curve[selection.gridIndex()];
                widthSum += 2 * selection.lambda();
                points++;
            }
            if (SPLIT.trains(n)) {
                model.learn(x, row[4]);
            } else {
                calibration.add(n);
                if (!refit) {
                    controller.update(state, n, curve);
                }
            }
        }
        return new Result(lossSum / points, widthSum / points, points);
    }

    private static double[] features(double[] row) {
        return new double[] {row[0], row[1], row[2], row[3]};
    }
}
