package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.core.evaluation.ClassificationMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.PredictionSummaryFunction;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.jobs.runtime.WindowSeries;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The {@link RunSummaryFunction} of classification: accuracy, kappa, log-loss, Brier score, the
 * no-change baseline's accuracy, and per consecutive window of record ids the accuracy of both and
 * the concept changes, merged from the subtasks' {@link ClassificationPartial}s. Windows live in a
 * {@link WindowSeries} that keeps at most {@code maxWindows}, the oldest dropped first.
 */
public final class ClassificationSummaryFunction
        extends PredictionSummaryFunction<ClassificationPartial, ClassificationSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "classification.summary";

    /** Window columns: labelled predictions, correct ones, and the no-change baseline's. */
    static final int LABELLED = 0;
    static final int CORRECT = 1;
    static final int NO_CHANGE_EVALUATED = 2;
    static final int NO_CHANGE_CORRECT = 3;
    static final int WIDTH = 4;

    private transient ValueState<Long> records;
    private transient ValueState<ClassificationMetrics> metrics;
    private transient ValueState<long[]> noChange;
    private transient WindowSeries windows;

    /**
     * @param windowSize records (by id) per accuracy window, &ge; 1
     * @param maxWindows windows retained, &ge; 1
     */
    public ClassificationSummaryFunction(long windowSize, int maxWindows) {
        super(ACCUMULATOR, windowSize, maxWindows);
    }

    @Override
    public SummaryAccumulator<Prediction, ClassificationPartial> accumulator(boolean countsRecords) {
        return new ClassificationAccumulator(windowSize, maxWindows, countsRecords);
    }

    @Override
    public Class<ClassificationPartial> partialType() {
        return ClassificationPartial.class;
    }

    @Override
    protected void openState() {
        records = getRuntimeContext().getState(new ValueStateDescriptor<>("records", Types.LONG));
        metrics = getRuntimeContext().getState(
                new ValueStateDescriptor<>("metrics", new CodecSerializer<>(ClassificationMetricsCodec.class)));
        noChange = getRuntimeContext().getState(
                new ValueStateDescriptor<>("no-change", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        windows = WindowSeries.open(getRuntimeContext(), WIDTH, maxWindows);
    }

    @Override
    protected void merge(ClassificationPartial partial) throws Exception {
        Long count = records.value();
        records.update((count == null ? 0 : count) + partial.records);
        windows.merge(partial.windows);
        if (partial.noChangeEvaluated > 0) {
            long[] n = noChange.value();
            n = n == null ? new long[2] : n;
            n[0] += partial.noChangeEvaluated;
            n[1] += partial.noChangeCorrect;
            noChange.update(n);
        }
        if (partial.metrics.length > 0) {
            ClassificationMetrics m = metrics.value();
            ClassificationMetrics added = CodecBytes.decode(new ClassificationMetricsCodec(), partial.metrics);
            if (m == null) {
                m = added;
            } else {
                m.merge(added);
            }
            metrics.update(m);
        }
    }

    @Override
    protected ClassificationSummary summarize() throws Exception {
        Long count = records.value();
        ClassificationMetrics m = metrics.value();
        ClassificationSummary summary = new ClassificationSummary();
        summary.records = count == null ? 0 : count;
        summary.windowSize = windowSize;
        WindowSeries.Windows series = windows.read();
        summary.conceptChanges = series.conceptChanges();
        if (m == null) {
            return summary;
        }
        long[] n = noChange.value();
        summary.noChangeAccuracy = n == null ? Double.NaN : (double) n[1] / n[0];
        summary.droppedWindows = series.dropped();
        summary.labelled = (long) m.count();
        summary.accuracy = m.accuracy();
        summary.kappa = m.kappa();
        summary.logLoss = m.logLoss();
        summary.brier = m.brier();
        int size = series.indices().length;
        summary.windowStarts = new long[size];
        summary.windowLabelled = new long[size];
        summary.windowAccuracy = new double[size];
        summary.windowNoChangeAccuracy = new double[size];
        for (int i = 0; i < size; i++) {
            double[] row = series.rows()[i];
            summary.windowStarts[i] = series.indices()[i] * windowSize;
            summary.windowLabelled[i] = (long) row[LABELLED];
            summary.windowAccuracy[i] = row[CORRECT] / row[LABELLED];
            summary.windowNoChangeAccuracy[i] = row[NO_CHANGE_CORRECT] / row[NO_CHANGE_EVALUATED];
        }
        return summary;
    }
}
