package io.flinkdrift.operators.learning;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;

/**
 * An unlabelled example waiting for its label in {@link DelayedLabelLearningFunction}, with the
 * prediction made when it arrived (re-emitted with the label once it comes). A Flink POJO.
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
