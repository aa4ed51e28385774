package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.LearnerRegistry;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * The model of {@link OnlineRvflClassifier}: predicts with the newest RLS / Lite-RVFL classifier
 * version of its model data (see {@link OnlineLearnerModel}).
 */
public class OnlineRvflClassifierModel extends OnlineLearnerModel<OnlineRvflClassifierModel> {

    private static final long serialVersionUID = 1L;

    public OnlineRvflClassifierModel() {
        super(LearnerRegistry.classifier("rvfl"));
    }

    /** Loads a model saved by {@link #save}. */
    public static OnlineRvflClassifierModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        return loadModel(tEnv, path);
    }
}
