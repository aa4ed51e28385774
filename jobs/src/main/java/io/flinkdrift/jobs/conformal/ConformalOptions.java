package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.cli.ParamOptions;
import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalControllerDeclaration;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.params.ParamText;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Iterator;
import java.util.Map;

/**
 * The conformal risk control configuration (see {@code docs/conformal.md}): {@code --loss} and
 * {@code --controller} from {@link ConformalRegistry}, with the options of their params generated
 * by {@link ParamOptions}, and {@code --warm-up} of the run summary. A picocli mixin of the {@code
 * conformal} job; {@code classify}/{@code regress --conformal NAME=VALUE,...} ({@link #parse}) takes
 * the same names without their dashes.
 */
public final class ConformalOptions {

    /** The names that {@code --conformal} takes besides the params: the choices and the warm-up. */
    private static final String LOSS = "loss";
    private static final String CONTROLLER = "controller";
    private static final String WARM_UP = "warm-up";

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "interval", completionCandidates = LossNames.class,
            description = "The loss: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public String loss;

    @Option(names = "--controller", paramLabel = "NAME", defaultValue = ConformalRegistry.DEFAULT_CONTROLLER,
            completionCandidates = ControllerNames.class,
            description = "The risk controller, one per key: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public String controller;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "0",
            description = "The run summary leaves out each key's first N elements. Default: ${DEFAULT-VALUE}.")
    public long warmUp;

    private ParamOptions controllerParams;
    private ParamOptions lossParams;

    /** Adds the options of the controllers' and the losses' params to the job's command. */
    @Spec(Spec.Target.MIXEE)
    void addParamOptions(CommandSpec job) {
        controllerParams = ParamOptions.install(job, ConformalRegistry.CONTROLLERS);
        lossParams = ParamOptions.install(job, ConformalRegistry.LOSSES);
    }

    /**
     * The configuration these options describe.
     *
     * @throws IllegalArgumentException for an unknown loss or controller, an option neither takes or
     *     an invalid value
     */
    public ConformalSetup setup() {
        ConformalLossDeclaration lossDeclaration = ConformalRegistry.loss(loss);
        ConformalControllerDeclaration controllerDeclaration = ConformalRegistry.controller(controller);
        ConformalBuilder builder = ConformalBuilder.forLoss(lossDeclaration).controller(controllerDeclaration)
                .setAll(lossParams.values(lossDeclaration))
                .setAll(controllerParams.values(controllerDeclaration));
        return new ConformalSetup(builder, warmUp);
    }

    /**
     * Parses the compact form {@code NAME=VALUE,...} with the option names of the {@code conformal}
     * job without their dashes, e.g. {@code alpha=0.1,rho=0.99,grid=0:5:251,controller=pid}; a list
     * value separates its items with {@code ;} (e.g. {@code rhos=0.99;0.999}). Unnamed settings keep
     * their defaults.
     *
     * @param defaultLoss the loss when {@code spec} names none
     * @throws IllegalArgumentException for an unknown name, a setting the loss and the controller do
     *     not take, or a malformed value
     */
    public static ConformalSetup parse(String spec, ConformalLossDeclaration defaultLoss) {
        try {
            Map<String, String> pairs = ParamText.pairs(spec, "--conformal");
            String lossName = pairs.remove(LOSS);
            String controllerName = pairs.remove(CONTROLLER);
            String warmUp = pairs.remove(WARM_UP);
            ConformalBuilder builder = ConformalBuilder.forLoss(lossName == null ? defaultLoss
                            : ConformalRegistry.loss(lossName))
                    .controller(ConformalRegistry.controller(controllerName == null
                            ? ConformalRegistry.DEFAULT_CONTROLLER : controllerName));
            pairs.forEach((name, value) -> builder.set(ParamOptions.paramName(name), value));
            return new ConformalSetup(builder, warmUp == null ? 0 : wholeNumber(WARM_UP, warmUp));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--conformal: " + e.getMessage(), e);
        }
    }

    private static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
        }
    }

    /** Each loss's name and what it does, for {@code --help}. */
    static final class LossNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ParamOptions.choices(ConformalRegistry.LOSSES);
        }
    }

    /** Each controller's name and what it does, for {@code --help}. */
    static final class ControllerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ParamOptions.choices(ConformalRegistry.CONTROLLERS);
        }
    }
}
