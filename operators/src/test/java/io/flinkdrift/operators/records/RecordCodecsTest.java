package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.ConformalProgress;
import io.flinkdrift.operators.conformal.PendingAnswer;
import io.flinkdrift.operators.learning.PendingExample;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every record codec round-trips every public field exactly, null strings, arrays and nested records
 * included, and writes its format version (and each nested value's) where {@link CodecBytes} and
 * the nesting put it.
 */
class RecordCodecsTest {

    /** A key longer than {@code DataOutput.writeUTF} takes (64 KB of UTF-8), with characters outside the BMP. */
    private static final String LONG_KEY = "κλειδί-🔑-".repeat(5_000);

    static Example fullExample() {
        Example e = new Example(7L, LONG_KEY, -3L, new double[] {1.5, -0.0, Double.NaN, Double.MAX_VALUE}, 2.0, 4);
        e.classes = new String[] {"a", "", null, "ü"};
        return e;
    }

    static Prediction fullPrediction() {
        Prediction p = new Prediction(fullExample(), 1.0, new double[] {0.25, 0.75, 0}, 11L);
        p.label = 1.0;
        p.positiveLabels = new int[] {0, 2};
        p.concept = 9;
        return p;
    }

    static ConformalPrediction fullAnswer() {
        ConformalPrediction a = new ConformalPrediction(fullPrediction());
        a.label = 0.5;
        a.streamIndex = 123_456_789_012L;
        a.calibrates = true;
        a.lambda = 0.3;
        a.lower = -1.25;
        a.upper = 2.5;
        a.set = new int[] {1, 3, 4};
        a.size = 3;
        a.weightSum = 17.5;
        a.infeasible = true;
        a.loss = 0.125;
        a.runningRisk = 0.0625;
        return a;
    }

    /** A value of {@code type} with every public instance field null or zero. */
    private static <T> T allNull(Class<T> type) throws ReflectiveOperationException {
        T value = type.getConstructor().newInstance();
        for (Field field : fields(type)) {
            field.set(value, field.getType().isPrimitive() ? defaultOf(field) : null);
        }
        return value;
    }

    private static Object defaultOf(Field field) {
        Class<?> t = field.getType();
        if (t == boolean.class) {
            return false;
        }
        if (t == int.class) {
            return 0;
        }
        return t == long.class ? (Object) 0L : (Object) 0.0;
    }

    private static Field[] fields(Class<?> type) {
        return Arrays.stream(type.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toArray(Field[]::new);
    }

    /** Every public instance field of {@code expected} and {@code actual} is equal (arrays by content). */
    private static void assertFieldsEqual(Object expected, Object actual) throws IllegalAccessException {
        for (Field field : fields(expected.getClass())) {
            Object e = field.get(expected);
            Object a = field.get(actual);
            if (e != null && e.getClass().isArray()) {
                assertTrue(Objects.deepEquals(e, a), field.getName());
            } else if (e == null || isRecord(e)) {
                if (e == null) {
                    assertNull(a, field.getName());
                } else {
                    assertFieldsEqual(e, a);
                }
            } else {
                assertEquals(e, a, field.getName());
            }
        }
    }

    private static boolean isRecord(Object value) {
        return value.getClass().getPackageName().startsWith("io.flinkdrift");
    }

    /** The sample really sets every field: each differs from a default-constructed value's. */
    private static void assertEveryFieldSet(Object sample) throws ReflectiveOperationException {
        Object defaults = sample.getClass().getConstructor().newInstance();
        for (Field field : fields(sample.getClass())) {
            assertFalse(Objects.deepEquals(field.get(sample), field.get(defaults)), field.getName() + " is not set");
        }
    }

    private static <T> T roundTrip(StateCodec<T> codec, T value) throws IOException {
        byte[] bytes = CodecBytes.encode(codec, value);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        assertEquals(1, codec.version());
        assertEquals(codec.version(), in.readInt(), "the format version comes first");
        T read = codec.read(in, 1);
        assertEquals(-1, in.read(), "trailing bytes");
        assertNotSame(value, read);
        return read;
    }

    @Test
    void exampleRoundTripsEveryFieldAndNulls() throws Exception {
        ExampleCodec codec = new ExampleCodec();
        Example full = fullExample();
        assertEveryFieldSet(full);
        assertFieldsEqual(full, roundTrip(codec, full));
        Example nulls = allNull(Example.class);
        assertFieldsEqual(nulls, roundTrip(codec, nulls));
        Example empty = new Example();
        assertFieldsEqual(empty, roundTrip(codec, empty));
        assertEquals(0, roundTrip(codec, empty).features.length, "empty stays empty, not null");
    }

    @Test
    void predictionRoundTripsEveryFieldAndNulls() throws Exception {
        PredictionCodec codec = new PredictionCodec();
        Prediction full = fullPrediction();
        assertEveryFieldSet(full);
        assertFieldsEqual(full, roundTrip(codec, full));
        Prediction nulls = allNull(Prediction.class);
        assertFieldsEqual(nulls, roundTrip(codec, nulls));
        Prediction empty = new Prediction();
        assertNull(roundTrip(codec, empty).positiveLabels);
        assertFieldsEqual(empty, roundTrip(codec, empty));
    }

    @Test
    void labelRoundTripsEveryFieldAndNulls() throws Exception {
        LabelCodec codec = new LabelCodec();
        Label full = new Label(-5L, LONG_KEY, 99L, Double.NaN);
        assertEveryFieldSet(full);
        assertFieldsEqual(full, roundTrip(codec, full));
        Label nulls = allNull(Label.class);
        assertFieldsEqual(nulls, roundTrip(codec, nulls));
    }

    @Test
    void conformalPredictionRoundTripsEveryFieldAndNulls() throws Exception {
        ConformalPredictionCodec codec = new ConformalPredictionCodec();
        ConformalPrediction full = fullAnswer();
        assertEveryFieldSet(full);
        assertFieldsEqual(full, roundTrip(codec, full));
        ConformalPrediction nulls = allNull(ConformalPrediction.class);
        assertFieldsEqual(nulls, roundTrip(codec, nulls));
    }

    @Test
    void conformalProgressRoundTripsEveryField() throws Exception {
        ConformalProgress full = new ConformalProgress();
        full.nextIndex = 1L << 40;
        full.evaluated = 12;
        full.lossSum = 3.75;
        assertEveryFieldSet(full);
        assertFieldsEqual(full, roundTrip(new ConformalProgressCodec(), full));
    }

    @Test
    void pendingExampleNestsBothRecordsWithTheirVersions() throws Exception {
        PendingExampleCodec codec = new PendingExampleCodec();
        PendingExample full = new PendingExample(fullExample(), fullPrediction());
        assertFieldsEqual(full, roundTrip(codec, full));
        PendingExample nulls = new PendingExample(null, null);
        assertFieldsEqual(nulls, roundTrip(codec, nulls));

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(CodecBytes.encode(codec, full)));
        assertEquals(1, in.readInt(), "PendingExample format");
        assertTrue(in.readBoolean(), "an example follows");
        assertEquals(new ExampleCodec().version(), in.readInt(), "the example's own format version");
        assertFieldsEqual(full.example, new ExampleCodec().read(in, 1));
        assertTrue(in.readBoolean(), "a prediction follows");
        assertEquals(new PredictionCodec().version(), in.readInt(), "the prediction's own format version");
        assertFieldsEqual(full.prediction, new PredictionCodec().read(in, 1));
        assertEquals(-1, in.read());
    }

    @Test
    void pendingAnswerNestsTheAnswerWithItsVersion() throws Exception {
        PendingAnswerCodec codec = new PendingAnswerCodec();
        PendingAnswer full = new PendingAnswer(fullAnswer(), new double[] {0.5, -2});
        assertFieldsEqual(full, roundTrip(codec, full));
        PendingAnswer nulls = new PendingAnswer(null, null);
        assertFieldsEqual(nulls, roundTrip(codec, nulls));

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(CodecBytes.encode(codec, full)));
        assertEquals(1, in.readInt(), "PendingAnswer format");
        assertTrue(in.readBoolean(), "an answer follows");
        assertEquals(new ConformalPredictionCodec().version(), in.readInt(), "the answer's own format version");
        assertFieldsEqual(full.answer, new ConformalPredictionCodec().read(in, 1));
        assertEquals(2, in.readInt());
        assertEquals(0.5, in.readDouble());
        assertEquals(-2, in.readDouble());
        assertEquals(-1, in.read());
    }

    @Test
    void aNegativeLengthOtherThanNullIsRefused() {
        byte[] bytes = CodecBytes.encode(new LabelCodec(), new Label(1, "k", 2, 3));
        int keyLength = 4 + 8; // after the version and the id
        bytes[keyLength] = (byte) 0xff;
        bytes[keyLength + 1] = (byte) 0xff;
        bytes[keyLength + 2] = (byte) 0xff;
        bytes[keyLength + 3] = (byte) 0xfe;
        UncheckedIOException error =
                assertThrows(UncheckedIOException.class, () -> CodecBytes.decode(new LabelCodec(), bytes));
        assertEquals("Corrupt state: length -2", error.getCause().getMessage());
    }
}
