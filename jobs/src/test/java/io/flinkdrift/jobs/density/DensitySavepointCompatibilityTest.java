package io.flinkdrift.jobs.density;

import io.flinkdrift.jobs.testing.SavepointCompatibility;

/**
 * {@code density} (adaptive-window histograms, 4 keys, bad records missing a feature) restores
 * {@code savepoints/density-v1} and scores like an uninterrupted run: windows and drift state.
 */
class DensitySavepointCompatibilityTest extends SavepointCompatibility {

    DensitySavepointCompatibilityTest() {
        super("/savepoints/density-v1", "density", "--estimator", "adaptive", "--id", "id", "--key", "k", "--features", "x1,x2",
                "--grid-lo", "0,0", "--grid-hi", "10,10", "--bins", "8", "--max-window-exponent", "8");
    }

    @Override
    protected String example(int id, boolean bad) {
        double x1 = (id * 7919 % 1000) / 100.0;
        // the second feature jumps at id 300, before the savepoint, so the restored windows matter
        double x2 = id < 300 ? (x1 + 2 * (id % 4)) % 10 : (id * 104729 % 1000) / 100.0;
        String head = "{\"id\": " + id + ", \"k\": \"k" + id % 4 + "\", \"x1\": " + x1;
        return bad ? head + "}" : head + ", \"x2\": " + x2 + "}";
    }
}
