package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.LearnerRegistry;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * An online classifier trained by a Kalman filter over the weights with learned forgetting
 * (Titsias et al., "Kalman Filter for Online Classification of Non-Stationary Data", ICLR 2024),
 * behind the Flink ML Estimator API: {@link #fit} returns an {@link OnlineKalmanClassifierModel}
 * whose model data is the stream of model versions (see {@link OnlineLearnerEstimator}).
 *
 * <p>Params: those of {@link OnlineKalmanClassifierParams}; an invalid value throws {@link
 * IllegalArgumentException} when set.
 */
public class OnlineKalmanClassifier
        extends OnlineLearnerEstimator<OnlineKalmanClassifier, OnlineKalmanClassifierModel>
        implements OnlineKalmanClassifierParams<OnlineKalmanClassifier> {

    private static final long serialVersionUID = 1L;

    public OnlineKalmanClassifier() {
        super(LearnerRegistry.classifier("kalman"));
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
