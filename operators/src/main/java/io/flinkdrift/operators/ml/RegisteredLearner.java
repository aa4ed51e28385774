package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.KalmanParams;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/**
 * The Flink ML Estimator of any learner of {@link LearnerRegistry}, classifier or regressor, with
 * that learner's params (see {@link OnlineLearnerEstimator}): e.g. {@code new
 * RegisteredLearner(LearnerRegistry.regressor("kalman")).set(KalmanParams.GAMMA, 0.95)}.
 */
public class RegisteredLearner extends OnlineLearnerEstimator<RegisteredLearner, RegisteredLearnerModel> {

    private static final long serialVersionUID = 1L;

    public RegisteredLearner(LearnerDeclaration<?> declaration) {
        super(declaration);
    }

    @Override
    protected RegisteredLearnerModel newModel() {
        return new RegisteredLearnerModel(declaration());
    }

    /** Loads an estimator saved by {@link #save}. */
    public static RegisteredLearner load(StreamTableEnvironment tEnv, String path) throws IOException {
        return LearnerStages.load(path, RegisteredLearner::new);
    }
}
