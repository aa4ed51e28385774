package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.conformal.ConformalTask;
import io.flinkdrift.records.Prediction;
import org.apache.flink.ml.linalg.Vector;
import org.apache.flink.table.api.Table;
import org.apache.flink.types.Row;

import java.io.Serializable;

/**
 * How the conformal stages read a row as a model's {@link Prediction}: the key column, the model
 * output the loss reads (the point prediction for intervals, the probability or score vector for
 * sets) and the truth, attached as the loss takes a one-number truth ({@link
 * ConformalTask#attachTruth}; null = unknown).
 */
final class ConformalRows implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int keyIndex;
    private final int outputIndex;
    private final int labelIndex;
    private final boolean intervals;
    private final ConformalTask task;

    private ConformalRows(int keyIndex, int outputIndex, int labelIndex, boolean intervals, ConformalTask task) {
        this.keyIndex = keyIndex;
        this.outputIndex = outputIndex;
        this.labelIndex = labelIndex;
        this.intervals = intervals;
        this.task = task;
    }

    /**
     * The reader of {@code table}'s rows for {@code task}, with the columns {@code params} names.
     *
     * @param intervals whether the loss answers with intervals (reads the prediction column) or sets
     *     (reads the raw prediction column)
     * @param labelled whether the table must have the label column (otherwise a table without it is unlabelled)
     * @throws IllegalArgumentException naming the table's columns if one that is needed is missing
     */
    static ConformalRows of(Table table, ConformalModelParams<?> params, boolean intervals, ConformalTask task,
            boolean labelled) {
        int keyIndex = KeyedVersionsFunction.keyIndex(table, params.getKeyCol());
        int outputIndex = OnlineLearnerEstimator.columnIndex(table,
                intervals ? params.getPredictionCol() : params.getRawPredictionCol());
        int labelIndex = labelled || table.getResolvedSchema().getColumnNames().contains(params.getLabelCol())
                ? OnlineLearnerEstimator.columnIndex(table, params.getLabelCol())
                : -1;
        return new ConformalRows(keyIndex, outputIndex, labelIndex, intervals, task);
    }

    /** The key of {@code row}. */
    String key(Row row) {
        return KeyedVersionsFunction.key(row, keyIndex);
    }

    /** The prediction of {@code row} with {@code id} and {@code timestamp}, or null if its model output is null. */
    Prediction prediction(Row row, long id, long timestamp) {
        Object output = row.getField(outputIndex);
        if (output == null) {
            return null;
        }
        Prediction prediction = new Prediction();
        prediction.id = id;
        prediction.key = key(row);
        prediction.timestamp = timestamp;
        if (intervals) {
            prediction.prediction = ((Number) output).doubleValue();
        } else {
            prediction.probabilities = ((Vector) output).toArray();
        }
        Object label = labelIndex < 0 ? null : row.getField(labelIndex);
        if (label != null) {
            task.attachTruth(((Number) label).doubleValue(), prediction);
        }
        return prediction;
    }
}
