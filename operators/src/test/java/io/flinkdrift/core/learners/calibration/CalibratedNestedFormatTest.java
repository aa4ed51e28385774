package io.flinkdrift.core.learners.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
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
 * A calibrated classifier's state reads its scaler and its base model in the format versions that
 * were written: bytes written before a (simulated) change of either nested format still restore.
 */
class CalibratedNestedFormatTest {

    /** Test access to the package-private constructor over arbitrary nested codecs. */
    private static final class Codec extends CalibratedClassifierCodec<KalmanClassifier> {
        Codec(StateCodec<OnlinePlattScaler> scalerCodec, StateCodec<KalmanClassifier> baseCodec) {
            super(scalerCodec, baseCodec);
        }
    }

    @Test
    void bytesSurviveAChangeOfTheScalerOrTheBaseFormat() throws IOException {
        CalibratedClassifier<KalmanClassifier> model = new CalibratedClassifier<>(
                new KalmanClassifier(KalmanConfig.defaults()),
                OnlinePlattScaler.builder().calibeating(OnlinePlattScaler.Calibeating.TRACKING).build());
        Random random = new Random(8);
        for (int t = 0; t < 300; t++) {
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            model.learn(x, x[0] - 0.5 * x[1] + 0.3 * random.nextGaussian() > 0 ? 1 : 0);
        }
        Codec current = new Codec(new OnlinePlattScalerCodec(), new KalmanClassifierCodec());
        Codec bumped = new Codec(new BumpedCodec<>(new OnlinePlattScalerCodec()),
                new BumpedCodec<>(new KalmanClassifierCodec()));
        double[] probe = {0.4, 1.1};
        for (Codec writer : new Codec[] {current, bumped}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            writer.write(model, new DataOutputStream(bytes));
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
            CalibratedClassifier<KalmanClassifier> restored = bumped.read(in, writer.version());
            assertEquals(0, in.available(), "bytes left unread");
            assertArrayEquals(model.predictProbabilities(probe), restored.predictProbabilities(probe), 0.0);
            assertEquals(model.scaler().slope(), restored.scaler().slope(), 0.0);
        }
    }
}
