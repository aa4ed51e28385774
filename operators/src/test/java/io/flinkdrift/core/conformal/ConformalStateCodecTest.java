package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConformalStateCodecTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 2, 31);

    private static <T> T roundTrip(StateCodec<T> codec, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(value, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), codec.version());
    }

    @Test
    void decayingLossSumsRoundTripAndContinueBitIdentically() throws IOException {
        SplittableRandom random = new SplittableRandom(31);
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.1, 1), ExponentialDecay.perArrival(0.95));
        DecayingLossSums state = controller.newState();
        DecayingLossSumsCodec codec = new DecayingLossSumsCodec();
        assertEquals(state, roundTrip(codec, state));
        for (int i = 0; i < 300; i++) {
            controller.update(state, 2L * i, BruteForceCrc.randomCurve(random, GRID));
        }
        controller.select(controller.newState(), 0);
        controller.select(state, -1);
        DecayingLossSums restored = roundTrip(codec, state);
        DecayingLossSums copy = codec.copy(state);
        assertEquals(state, restored);
        assertEquals(state, copy);
        assertNotSame(state.sums, copy.sums);
        for (int i = 300; i < 1200; i++) {
            double[] curve = BruteForceCrc.randomCurve(random, GRID);
            long position = 2L * i - random.nextInt(30);
            controller.update(state, position, curve);
            controller.update(restored, position, curve);
            assertEquals(controller.select(state, 2L * i + 1), controller.select(restored, 2L * i + 1));
        }
        assertEquals(state, restored);
        assertArrayEquals(controller.weightedLossSums(state, 5000), controller.weightedLossSums(restored, 5000));
    }

    @Test
    void calibrationBufferRoundTripsPartlyAndFullyFilled() throws IOException {
        SplittableRandom random = new SplittableRandom(37);
        SimilarityWeightedRiskController controller =
                new SimilarityWeightedRiskController(new RiskTarget(GRID, 0.2, 1), 25, Similarity.gaussian(1));
        CalibrationBuffer buffer = controller.newState();
        CalibrationBufferCodec codec = new CalibrationBufferCodec();
        assertEquals(buffer, roundTrip(codec, buffer));
        for (int i = 0; i < 60; i++) {
            controller.update(buffer, random.doubles(1 + random.nextInt(4)).toArray(),
                    BruteForceCrc.randomCurve(random, GRID));
            CalibrationBuffer restored = roundTrip(codec, buffer);
            assertEquals(buffer, restored);
            double[] test = random.doubles(2).toArray();
            assertEquals(controller.select(buffer, test), controller.select(restored, test));
        }
    }

    @Test
    void corruptHeadersAreReportedAsIoErrors() {
        byte[] corrupt = {0, 0, 0, 0};
        assertThrows(IOException.class, () -> new DecayingLossSumsCodec()
                .read(new DataInputStream(new ByteArrayInputStream(corrupt)), 1));
        byte[] header = new byte[24];
        header[3] = 5; // capacity 5
        header[7] = 3; // G 3
        header[11] = 9; // size 9 > capacity
        assertThrows(IOException.class, () -> new CalibrationBufferCodec()
                .read(new DataInputStream(new ByteArrayInputStream(header)), 1));
    }
}
