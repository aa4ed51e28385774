package io.flinkdrift.jobs.classify;

import io.flinkdrift.jobs.testing.SavepointCompatibility;

/**
 * {@code classify} (kalman learner, 4 keys, bad records with an unparsable feature) restores
 * {@code savepoints/classify-v1}, taken by an earlier build, and predicts like an uninterrupted run.
 * The savepoint was taken when kalman's inputs were raw by default, hence {@code
 * --standardization-samples 0} for the uninterrupted run.
 */
class ClassifySavepointCompatibilityTest extends SavepointCompatibility {

    ClassifySavepointCompatibilityTest() {
        super("/savepoints/classify-v1", "classify", "--id", "id", "--key", "k", "--label", "y",
                "--classes", "a,b", "--features", "x", "--learner", "kalman",
                "--standardization-samples", "0");
    }

    @Override
    protected String example(int id, boolean bad) {
        double x = (id * 7919 % 1000) / 100.0;
        String y = (x + id % 4) % 4 < 2 ? "a" : "b";
        String feature = bad ? "\"n/a\"" : String.valueOf(x);
        return "{\"id\": " + id + ", \"k\": \"k" + id % 4 + "\", \"x\": " + feature + ", \"y\": \"" + y + "\"}";
    }
}
