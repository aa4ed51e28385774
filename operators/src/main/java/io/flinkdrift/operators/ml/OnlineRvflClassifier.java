package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.LearnerRegistry;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * An online classifier trained by exponentially weighted recursive least squares on one-hot
 * targets, over the raw features (plain RLS, {@code enhancementGroups} = 0) or over random sigmoid
 * features as well (Lite-RVFL: Y. Pao et al., "Learning and generalization characteristics of the
 * random vector functional-link net", Neurocomputing 1994), behind the Flink ML Estimator API:
 * {@link #fit} returns an {@link OnlineRvflClassifierModel} whose model data is the stream of model
 * versions (see {@link OnlineLearnerEstimator}).
 *
 * <p>Params: those of {@link OnlineRvflClassifierParams}; an invalid value throws {@link
 * IllegalArgumentException} when set.
 */
public class OnlineRvflClassifier
        extends OnlineLearnerEstimator<OnlineRvflClassifier, OnlineRvflClassifierModel>
        implements OnlineRvflClassifierParams<OnlineRvflClassifier> {

    private static final long serialVersionUID = 1L;

    public OnlineRvflClassifier() {
        super(LearnerRegistry.classifier("rvfl"));
    }

    @Override
    protected OnlineRvflClassifierModel newModel() {
        return new OnlineRvflClassifierModel();
    }

    /** Loads an estimator saved by {@link #save}. */
    public static OnlineRvflClassifier load(StreamTableEnvironment tEnv, String path) throws IOException {
        return ReadWriteUtils.loadStageParam(path);
    }
}
