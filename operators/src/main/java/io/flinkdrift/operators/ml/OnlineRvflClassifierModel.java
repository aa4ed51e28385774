package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.rls.RvflClassifierCodec;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * The model of {@link OnlineRvflClassifier}: predicts with the newest RLS / Lite-RVFL classifier
 * version of its model data (see {@link OnlineClassifierModel}).
 */
public class OnlineRvflClassifierModel extends OnlineClassifierModel<OnlineRvflClassifierModel> {

    private static final long serialVersionUID = 1L;

    @Override
    protected Class<RvflClassifierCodec> codecClass() {
        return RvflClassifierCodec.class;
    }

    /** Loads a model saved by {@link #save}. */
    public static OnlineRvflClassifierModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        return loadModel(tEnv, path);
    }
}
