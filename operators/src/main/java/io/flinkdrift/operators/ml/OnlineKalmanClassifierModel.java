package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.LearnerRegistry;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * The model of {@link OnlineKalmanClassifier}: predicts with the newest Kalman classifier version
 * of its model data (see {@link OnlineLearnerModel}).
 */
public class OnlineKalmanClassifierModel extends OnlineLearnerModel<OnlineKalmanClassifierModel> {

    private static final long serialVersionUID = 1L;

    public OnlineKalmanClassifierModel() {
        super(LearnerRegistry.classifier("kalman"));
    }

    /** Loads a model saved by {@link #save}. */
    public static OnlineKalmanClassifierModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        return loadModel(tEnv, path);
    }
}
