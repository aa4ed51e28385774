package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.LearnerDeclaration;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/** The model of a {@link RegisteredLearner} (see {@link OnlineLearnerModel}). */
public class RegisteredLearnerModel extends OnlineLearnerModel<RegisteredLearnerModel> {

    private static final long serialVersionUID = 1L;

    public RegisteredLearnerModel(LearnerDeclaration<?> declaration) {
        super(declaration);
    }

    /** Loads a model saved by {@link #save}: its params, and its model data as a bounded table. */
    public static RegisteredLearnerModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        return LearnerStages.load(path, RegisteredLearnerModel::new)
                .setModelData(ReadWriteUtils.loadModelData(tEnv, path, new ModelSnapshotFormat()));
    }
}
