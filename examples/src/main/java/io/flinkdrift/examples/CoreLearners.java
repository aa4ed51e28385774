package io.flinkdrift.examples;

import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.records.Example;

/**
 * The learners without Flink: each classifier of {@link LearnerRegistry}, at its defaults, predicts
 * then learns the first 20,000 records of the SEA drift generator; prints its prequential accuracy.
 */
public final class CoreLearners {

    static final int RECORDS = 20_000;

    private CoreLearners() {}

    public static void main(String[] args) {
        DriftGenerator sea = Generators.fromSpec("sea");
        for (LearnerDeclaration<?> declaration : LearnerRegistry.CLASSIFIERS) {
            OnlineClassifier model = (OnlineClassifier) declaration.factory(declaration.defaultValues()).create(3);
            int correct = 0;
            for (long i = 0; i < RECORDS; i++) {
                Example example = sea.generate(i);
                correct += Learners.argmax(model.predictProbabilities(example.features)) == example.label ? 1 : 0;
                model.learn(example.features, (int) example.label);
            }
            System.out.printf("%-18s accuracy %.4f%n", declaration.name(), correct / (double) RECORDS);
        }
    }
}
