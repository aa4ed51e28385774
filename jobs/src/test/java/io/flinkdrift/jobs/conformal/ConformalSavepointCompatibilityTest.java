package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.testing.SavepointCompatibility;

/**
 * {@code conformal} (interval loss, exponential weights, 4 keys, bad records with an unparsable
 * prediction) restores {@code savepoints/conformal-v1} and controls like an uninterrupted run.
 */
class ConformalSavepointCompatibilityTest extends SavepointCompatibility {

    ConformalSavepointCompatibilityTest() {
        super("/savepoints/conformal-v1", "conformal", "--id", "id", "--key", "k", "--prediction", "yhat",
                "--label", "y", "--loss", "interval", "--alpha", "0.1", "--rho", "0.99");
    }

    @Override
    protected String example(int id, boolean bad) {
        double yhat = (id * 7919 % 1000) / 1000.0;
        double y = yhat + (id * 31 % 100) / 250.0 - 0.2;
        String prediction = bad ? "\"n/a\"" : String.valueOf(yhat);
        return "{\"id\": " + id + ", \"k\": \"k" + id % 4 + "\", \"yhat\": " + prediction + ", \"y\": " + y + "}";
    }
}
