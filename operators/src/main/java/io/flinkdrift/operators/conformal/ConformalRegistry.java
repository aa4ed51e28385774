package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.AbsoluteIntervalLoss;
import io.flinkdrift.core.conformal.AdaptiveRiskController;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.PidRiskController;
import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration.Answers;
import io.flinkdrift.operators.params.ParamDeclaration;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.ml.param.Param;

/**
 * Every risk controller and loss of conformal risk control, each declared once ({@link
 * ConformalControllerDeclaration}, {@link ConformalLossDeclaration}): adding a controller is its core
 * class, its state codec and one entry here; adding a loss is its core class and one entry here.
 * See {@code docs/conformal.md}.
 */
public final class ConformalRegistry {

    /** The name of the default controller, {@link #NEX_CRC}. */
    public static final String DEFAULT_CONTROLLER = "nex-crc";

    /**
     * Non-exchangeable conformal risk control (Farinhas et al., ICLR 2024) with the calibration weights
     * of {@link HasWeights}; the default.
     */
    public static final ConformalControllerDeclaration NEX_CRC = ConformalControllerDeclaration.of(
            DEFAULT_CONTROLLER,
            "non-exchangeable conformal risk control (Farinhas et al., ICLR 2024) with the calibration weights",
            (target, p) -> HasWeights.kind(p).equals(HasWeights.SIMILARITY)
                    ? new SimilarityWeightedRiskController(target, p.get(HasSimilarity.CAPACITY),
                            Similarity.gaussian(p.get(HasSimilarity.BANDWIDTH)))
                    : new DecayWeightedRiskController(target, HasWeights.decay(p)),
            HasWeights.class, HasSimilarity.class);

    /** Adaptive conformal inference (Gibbs and Candès, NeurIPS 2021) over exponential, time or unit weights. */
    public static final ConformalControllerDeclaration ACI = ConformalControllerDeclaration.of("aci",
            "adaptive conformal inference (Gibbs and Candes, NeurIPS 2021) over exponential, time or unit weights",
            (target, p) -> {
                if (HasWeights.kind(p).equals(HasWeights.SIMILARITY)) {
                    throw new IllegalArgumentException("controller aci takes exponential, time or unit weights");
                }
                return new AdaptiveRiskController(new DecayWeightedRiskController(target, HasWeights.decay(p)),
                        p.get(HasGamma.GAMMA));
            },
            HasWeights.class, HasGamma.class);

    /** Conformal PID control (Angelopoulos, Candès and Tibshirani, NeurIPS 2023). */
    public static final ConformalControllerDeclaration PID = ConformalControllerDeclaration.of("pid",
            "conformal PID control (Angelopoulos, Candes and Tibshirani, NeurIPS 2023)",
            (target, p) -> new PidRiskController(target, HasPidGains.eta(p, target.grid()),
                    p.get(HasPidGains.INTEGRAL_GAIN), p.get(HasPidGains.SATURATION)),
            HasPidGains.class);

    /** An online choice of ρ: exponentially weighted experts over a ρ grid with an adaptive level. */
    public static final ConformalControllerDeclaration RHO_EXPERTS = ConformalControllerDeclaration.of(
            "rho-experts",
            "an online choice of rho: exponentially weighted experts over a rho grid with an adaptive level",
            (target, p) -> new RhoExpertsRiskController(target,
                    Arrays.stream(p.get(HasRhoExperts.RHOS)).mapToDouble(Double::doubleValue).toArray(),
                    p.get(HasRhoExperts.EXPERT_RATE), p.get(HasRhoExperts.SHARE), p.get(HasGamma.GAMMA)),
            HasRhoExperts.class, HasGamma.class);

    /** Miscoverage of the interval [ŷ − λ, ŷ + λ] (regression), B = 1. */
    public static final ConformalLossDeclaration INTERVAL = ConformalLossDeclaration.of("interval",
            "regression miscoverage of the interval [yhat - lambda, yhat + lambda], B = 1", Answers.INTERVALS, true,
            p -> ConformalTask.interval(new IntervalMiscoverageLoss()));

    /** Distance of the truth to the interval, clipped to the bound B of {@link HasLossBound} (regression). */
    public static final ConformalLossDeclaration ABSOLUTE = ConformalLossDeclaration.of("absolute",
            "distance of the truth to the interval, clipped to the bound B", Answers.INTERVALS, false,
            p -> ConformalTask.interval(new AbsoluteIntervalLoss(p.get(HasLossBound.BOUND))),
            HasLossBound.class);

    /** Miscoverage of the class set {k : p<sub>k</sub> ≥ 1 − λ} (classification), B = 1. */
    public static final ConformalLossDeclaration SET = ConformalLossDeclaration.of("set",
            "classification miscoverage of {k : p_k >= 1 - lambda}, B = 1", Answers.SETS, true,
            p -> ConformalTask.classSet());

    /** Multilabel false-negative rate of the label set {m : f<sub>m</sub> ≥ 1 − λ}, B = 1. */
    public static final ConformalLossDeclaration FNR = ConformalLossDeclaration.of("fnr",
            "multilabel false-negative rate of {m : f_m >= 1 - lambda}, B = 1", Answers.MULTILABEL_SETS, false,
            p -> ConformalTask.labelSet());

    /** Every controller. */
    public static final List<ConformalControllerDeclaration> CONTROLLERS = List.of(NEX_CRC, ACI, PID, RHO_EXPERTS);

    /** Every loss; the first of each kind of {@link Answers} is its default. */
    public static final List<ConformalLossDeclaration> LOSSES = List.of(INTERVAL, ABSOLUTE, SET, FNR);

    private ConformalRegistry() {}

    /**
     * The controller called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the controllers if there is none of that name
     */
    public static ConformalControllerDeclaration controller(String name) {
        return find(CONTROLLERS, "controller", name);
    }

    /**
     * The loss called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the losses if there is none of that name
     */
    public static ConformalLossDeclaration loss(String name) {
        return find(LOSSES, "loss", name);
    }

    /** The losses that answer {@code answers}, in declaration order. */
    public static List<ConformalLossDeclaration> losses(Answers answers) {
        return LOSSES.stream().filter(loss -> loss.answers() == answers).collect(Collectors.toList());
    }

    /**
     * The param called {@code name} of any controller or loss.
     *
     * @throws IllegalArgumentException naming every param if none has that name
     */
    public static Param<?> param(String name) {
        List<Param<?>> params = Stream.concat(CONTROLLERS.stream(), LOSSES.stream())
                .flatMap(declaration -> declaration.params().keySet().stream())
                .distinct()
                .collect(Collectors.toList());
        return params.stream()
                .filter(param -> param.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("conformal control has no param '" + name
                        + "'; its params are " + params.stream().map(p -> p.name).collect(Collectors.joining(", "))));
    }

    private static <D extends ParamDeclaration> D find(List<D> declarations, String kind, String name) {
        return declarations.stream()
                .filter(declaration -> declaration.name().equalsIgnoreCase(name.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kind + " must be one of " + declarations.stream()
                        .map(ParamDeclaration::name).collect(Collectors.joining(", ")) + ", got '" + name + "'"));
    }
}
