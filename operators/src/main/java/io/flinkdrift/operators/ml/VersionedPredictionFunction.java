package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.learning.ModelSnapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.common.metrics.MLMetrics;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.Vector;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.util.List;

/**
 * Appends (prediction, class probabilities, model version) to every input row, predicting with the
 * newest model version received on the second (broadcast) input. Rows that arrive before the first
 * version wait in operator state and are predicted when it comes; a version not newer than the
 * current one is ignored. The current version is exposed as the gauge {@code ml.model.version}.
 * A row the model cannot take (null or non-finite features, a dimension other than the model's)
 * does not fail the job: it gets prediction -1 and no probabilities.
 */
final class VersionedPredictionFunction<L extends OnlineLearner> extends CoProcessFunction<Row, ModelSnapshot, Row>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final Class<? extends StateCodec<L>> codecClass;
    private final double unpredictable;
    private final int featuresIndex;
    private final RowTypeInfo inputType;

    private transient StateCodec<L> codec;
    private transient ListState<Row> waitingRows;
    private transient ListState<ModelSnapshot> currentVersion;
    private transient L model;
    private transient long version;

    /** Predicts with the versions of a {@code declaration} learner; features in column {@code featuresIndex}. */
    VersionedPredictionFunction(LearnerDeclaration<L> declaration, int featuresIndex, RowTypeInfo inputType) {
        this.codecClass = declaration.codecClass();
        this.unpredictable = declaration.task() == LearnerDeclaration.Task.CLASSIFICATION ? -1 : Double.NaN;
        this.featuresIndex = featuresIndex;
        this.inputType = inputType;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        codec = InstantiationUtil.instantiate(codecClass);
        waitingRows = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("waiting-rows", inputType));
        // union state: after a rescale every instance restores the newest version of all of them
        currentVersion = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("model-version", TypeInformation.of(ModelSnapshot.class)));
        version = -1;
        for (ModelSnapshot snapshot : currentVersion.get()) {
            if (snapshot.modelVersion > version) {
                use(snapshot);
            }
        }
    }

    @Override
    public void open(OpenContext openContext) {
        getRuntimeContext().getMetricGroup().addGroup(MLMetrics.ML_GROUP).addGroup(MLMetrics.ML_MODEL_GROUP)
                .gauge(MLMetrics.VERSION, () -> version);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void processElement1(Row row, Context ctx, Collector<Row> out) throws Exception {
        if (model == null) {
            waitingRows.add(row);
        } else {
            out.collect(predict(row));
        }
    }

    @Override
    public void processElement2(ModelSnapshot snapshot, Context ctx, Collector<Row> out) throws Exception {
        if (snapshot.modelVersion <= version) {
            return;
        }
        use(snapshot);
        currentVersion.update(List.of(snapshot));
        for (Row row : waitingRows.get()) {
            out.collect(predict(row));
        }
        waitingRows.clear();
    }

    private void use(ModelSnapshot snapshot) throws IOException {
        model = snapshot.decode(codec);
        version = snapshot.modelVersion;
    }

    private Row predict(Row row) {
        Vector features = (Vector) row.getField(featuresIndex);
        double prediction = unpredictable;
        double[] probabilities = new double[0];
        if (features != null) {
            try {
                OnlineLearner.Estimate estimate = model.estimate(features.toArray());
                prediction = estimate.label();
                probabilities = estimate.probabilities();
            } catch (IllegalArgumentException wrongInput) {
                // wrong dimension or non-finite features: the core learners' contract
            }
        }
        return AppendedColumns.row(row, prediction, new DenseVector(probabilities), version);
    }
}
