package io.flinkdrift.operators.learning;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;

/**
 * An unlabelled example waiting for its label in {@link DelayedLabelLearningFunction}, with the
 * prediction made when it arrived (re-emitted with the label once it comes). Kept in state in the
 * format of {@link io.flinkdrift.operators.records.PendingExampleCodec}; earlier releases kept it as
 * a Flink POJO, and their state is read with the POJO serializer of this class: keep it a POJO with
 * these fields.
 */
public class PendingExample {

    public Example example = new Example();
    public Prediction prediction = new Prediction();

    public PendingExample() {}

    public PendingExample(Example example, Prediction prediction) {
        this.example = example;
        this.prediction = prediction;
    }
}
