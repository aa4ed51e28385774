package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.learners.OnlineRegressor;

/**
 * Online regression by exponentially weighted recursive least squares, optionally over the
 * Lite-RVFL random features (Hu, Liu and He, 2025). After t examples the prediction is
 * h(x)&#7488;&beta;<sub>t</sub> with &beta;<sub>t</sub> minimising &Sigma;<sub>i&le;t</sub>
 * &lambda;<sup>t&minus;i</sup>(y<sub>i</sub> &minus; h<sub>i</sub>&#7488;&beta;)&sup2; +
 * r<sub>t</sub>&Vert;&beta;&Vert;&sup2; (see {@link ExponentiallyWeightedRls} for r<sub>t</sub>).
 *
 * <p>{@code RlsConfig.builder(d).plainRls().forgetting(1)} is ordinary ridge-regularised least
 * squares refitted after every example; {@code forgetting(rho)} gives weighted least squares with
 * weights &rho;<sup>t&minus;i</sup>. The prediction is 0 while standardisation is pending. Bad input:
 * a wrong feature count throws {@link IllegalArgumentException}; non-finite features predict 0 and
 * non-finite examples are not learned.
 */
public final class RvflRegressor implements OnlineRegressor {

    private final RandomVectorFunctionalLink network;

    public RvflRegressor(RlsConfig config) {
        this(new RandomVectorFunctionalLink(config, RandomVectorFunctionalLink.TargetEncoding.SCALAR));
    }

    RvflRegressor(RandomVectorFunctionalLink network) {
        this.network = network;
    }

    /** The underlying network (configuration and RLS health metrics). */
    public RandomVectorFunctionalLink network() {
        return network;
    }

    /** The forgetting factor &lambda; (the &rho; of weighted least squares). */
    public double forgetting() {
        return network.config().forgetting();
    }

    @Override
    public double predict(double[] features) {
        return network.outputs(features)[0];
    }

    @Override
    public void learn(double[] features, double target) {
        network.learn(features, target);
    }

    @Override
    public long version() {
        return network.version();
    }
}
