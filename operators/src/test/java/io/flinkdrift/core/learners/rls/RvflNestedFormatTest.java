package io.flinkdrift.core.learners.rls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flinkdrift.core.state.BumpedCodec;
import io.flinkdrift.core.state.StateCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RVFL learner codecs read their network in the format version that was written: bytes written
 * before a (simulated) change of the network format still restore, and so do bytes written after.
 */
class RvflNestedFormatTest {

    @Test
    void classifierBytesSurviveANetworkFormatChange() throws IOException {
        RvflClassifier model = new RvflClassifier(RlsConfig.of(3, 0.99, 2, 5));
        Random random = new Random(3);
        for (int t = 0; t < 300; t++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            model.learn(x, x[0] + x[1] * x[2] > 0 ? 1 : 0);
        }
        RvflClassifierCodec bumped = new RvflClassifierCodec(new BumpedCodec<>(new RandomVectorFunctionalLinkCodec()));
        double[] probe = {0.3, -1.2, 0.7};
        for (RvflClassifierCodec writer : new RvflClassifierCodec[] {new RvflClassifierCodec(), bumped}) {
            RvflClassifier restored = roundTrip(writer, bumped, model);
            assertArrayEquals(model.predictProbabilities(probe), restored.predictProbabilities(probe), 0.0);
            assertEquals(model.version(), restored.version());
        }
    }

    @Test
    void regressorBytesSurviveANetworkFormatChange() throws IOException {
        RvflRegressor model = new RvflRegressor(RlsConfig.of(2, 0.98, 1, 9));
        Random random = new Random(4);
        for (int t = 0; t < 300; t++) {
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            model.learn(x, Math.sin(x[0]) + x[1]);
        }
        RvflRegressorCodec bumped = new RvflRegressorCodec(new BumpedCodec<>(new RandomVectorFunctionalLinkCodec()));
        double[] probe = {0.5, -0.25};
        for (RvflRegressorCodec writer : new RvflRegressorCodec[] {new RvflRegressorCodec(), bumped}) {
            assertEquals(model.predict(probe), roundTrip(writer, bumped, model).predict(probe), 0.0);
        }
    }

    private static <T> T roundTrip(StateCodec<T> writer, StateCodec<T> reader, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(value, new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        T read = reader.read(in, writer.version());
        assertEquals(0, in.available(), "bytes left unread");
        return read;
    }
}
