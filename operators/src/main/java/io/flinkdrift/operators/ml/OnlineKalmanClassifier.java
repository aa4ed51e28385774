package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.operators.learning.LearnerFactory;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * An online classifier trained by a Kalman filter over the weights with learned forgetting
 * (Titsias et al., "Kalman Filter for Online Classification of Non-Stationary Data", ICLR 2024),
 * behind the Flink ML Estimator API: {@link #fit} returns an {@link OnlineKalmanClassifierModel}
 * whose model data is the stream of model versions (see {@link OnlineClassifierEstimator}).
 *
 * <p>Params: those of {@link OnlineKalmanClassifierParams}; an invalid value throws {@link
 * IllegalArgumentException} when set.
 */
public class OnlineKalmanClassifier
        extends OnlineClassifierEstimator<OnlineKalmanClassifier, OnlineKalmanClassifierModel>
        implements OnlineKalmanClassifierParams<OnlineKalmanClassifier> {

    private static final long serialVersionUID = 1L;

    @Override
    protected LearnerFactory<KalmanClassifier> learnerFactory() {
        KalmanConfig config = KalmanConfig.builder()
                .initialGamma(getGamma())
                .learnGamma(getLearnGamma())
                .priorVariance(getPriorVariance())
                .noiseVariance(getNoiseVariance())
                .build();
        return LearnerFactory.of(d -> new KalmanClassifier(config), KalmanClassifierCodec.class);
    }

    @Override
    protected OnlineKalmanClassifierModel newModel() {
        return new OnlineKalmanClassifierModel();
    }

    /** Loads an estimator saved by {@link #save}. */
    public static OnlineKalmanClassifier load(StreamTableEnvironment tEnv, String path) throws IOException {
        return ReadWriteUtils.loadStageParam(path);
    }
}
