package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * The model of {@link OnlineKalmanClassifier}: predicts with the newest Kalman classifier version
 * of its model data (see {@link OnlineClassifierModel}).
 */
public class OnlineKalmanClassifierModel extends OnlineClassifierModel<OnlineKalmanClassifierModel> {

    private static final long serialVersionUID = 1L;

    @Override
    protected Class<KalmanClassifierCodec> codecClass() {
        return KalmanClassifierCodec.class;
    }

    /** Loads a model saved by {@link #save}. */
    public static OnlineKalmanClassifierModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        return loadModel(tEnv, path);
    }
}
