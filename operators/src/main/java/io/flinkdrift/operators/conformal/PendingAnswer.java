package io.flinkdrift.operators.conformal;

/**
 * An answer given without the truth, kept in keyed state until its label arrives (a Flink POJO):
 * the answer and the vector similarity weights compare.
 */
public class PendingAnswer {

    public ConformalPrediction answer;
    public double[] features = new double[0];

    public PendingAnswer() {}

    public PendingAnswer(ConformalPrediction answer, double[] features) {
        this.answer = answer;
        this.features = features;
    }
}
