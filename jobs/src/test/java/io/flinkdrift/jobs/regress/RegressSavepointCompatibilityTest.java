package io.flinkdrift.jobs.regress;

import io.flinkdrift.jobs.testing.SavepointCompatibility;

/**
 * {@code regress} (RLS with the conformal controller, 4 keys, bad records malformed) restores
 * {@code savepoints/regress-v1} and predicts like an uninterrupted run: learner and conformal state.
 */
class RegressSavepointCompatibilityTest extends SavepointCompatibility {

    RegressSavepointCompatibilityTest() {
        super("/savepoints/regress-v1", "regress", "--id", "id", "--key", "k", "--label", "y",
                "--features", "x1,x2", "--learner", "rls", "--forgetting", "0.99",
                "--conformal", "alpha=0.1,rho=0.99,loss=absolute");
    }

    @Override
    protected String example(int id, boolean bad) {
        double x1 = (id * 7919 % 1000) / 100.0;
        double x2 = (id * 104729 % 1000) / 100.0;
        double y = 2 * x1 - x2 + id % 4 + (id * 31 % 100) / 100.0;
        String head = "{\"id\": " + id + ", \"k\": \"k" + id % 4 + "\", ";
        return bad ? head + "\"x1\": " : head + "\"x1\": " + x1 + ", \"x2\": " + x2 + ", \"y\": " + y + "}";
    }
}
