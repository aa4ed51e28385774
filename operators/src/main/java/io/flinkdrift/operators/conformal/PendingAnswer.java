package io.flinkdrift.operators.conformal;

/**
 * An answer given without the truth, kept in keyed state until its label arrives: the answer and
 * the vector similarity weights compare. Kept in the format of {@link
 * io.flinkdrift.operators.records.PendingAnswerCodec}; earlier releases kept it as a Flink POJO, and
 * their state is read with the POJO serializer of this class: keep it a POJO with these fields.
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
