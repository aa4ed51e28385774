package io.flinkdrift.core.state;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A nested format bumped from 1 to 2 (a field added) inside an enclosing format that did not change:
 * bytes written before the bump still read, because {@link NestedCodecs} stores the version the
 * nested value was written in; and an enclosing format from before nested versions reads its bare
 * nested value as format 1.
 */
class NestedFormatBumpTest {

    /** A point; format 1 wrote x, format 2 adds a weight (format-1 points weigh 1). */
    record Point(double x, double weight) {}

    static final class PointCodecV1 implements StateCodec<Point> {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(Point value, DataOutput out) throws IOException {
            out.writeDouble(value.x());
        }

        @Override
        public Point read(DataInput in, int version) throws IOException {
            return new Point(in.readDouble(), 1);
        }
    }

    static final class PointCodecV2 implements StateCodec<Point> {
        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(Point value, DataOutput out) throws IOException {
            out.writeDouble(value.x());
            out.writeDouble(value.weight());
        }

        @Override
        public Point read(DataInput in, int version) throws IOException {
            double x = in.readDouble();
            return new Point(x, version >= 2 ? in.readDouble() : 1);
        }
    }

    /** Two nested points and a count, in an enclosing format that never changes. */
    private static byte[] writeSegment(StateCodec<Point> codec, Point first, Point second, long count)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        NestedCodecs.write(codec, first, out);
        NestedCodecs.write(codec, second, out);
        out.writeLong(count);
        return bytes.toByteArray();
    }

    private static Point[] readSegment(StateCodec<Point> codec, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Point[] points = {NestedCodecs.read(codec, in), NestedCodecs.read(codec, in)};
        assertEquals(42L, in.readLong(), "the enclosing field after the nested values");
        assertEquals(-1, in.read(), "trailing bytes");
        return points;
    }

    @Test
    void bytesWrittenBeforeTheBumpStillRead() throws IOException {
        byte[] old = writeSegment(new PointCodecV1(), new Point(1.5, 1), new Point(-2, 1), 42);
        assertArrayEquals(new Point[] {new Point(1.5, 1), new Point(-2, 1)}, readSegment(new PointCodecV2(), old));
        byte[] current = writeSegment(new PointCodecV2(), new Point(1.5, 0.25), new Point(-2, 3), 42);
        assertArrayEquals(new Point[] {new Point(1.5, 0.25), new Point(-2, 3)},
                readSegment(new PointCodecV2(), current));
    }

    @Test
    void aNewerNestedVersionIsRefusedNotMisread() throws IOException {
        byte[] newer = writeSegment(new PointCodecV2(), new Point(1, 2), new Point(3, 4), 42);
        IOException error = assertThrows(IOException.class, () -> readSegment(new PointCodecV1(), newer));
        assertEquals(PointCodecV1.class.getName() + " cannot read format version 2 (this release reads 1..1)",
                error.getMessage());
    }

    @Test
    void enclosingFormatsFromBeforeNestedVersionsReadTheBareValueAsFormatOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new PointCodecV1().write(new Point(7, 1), new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(new Point(7, 1), NestedCodecs.read(new PointCodecV2(), in, 1, 2));
        assertEquals(-1, in.read());
    }
}
