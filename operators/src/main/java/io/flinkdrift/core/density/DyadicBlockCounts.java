package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Bin counts over nested, block-aligned windows of a stream, one per level {@code j >= jMin}, that
 * need no buffer of past elements. After t elements, level j's window is the elements with index in
 * {@code [max(0, (floor(t / 2^j) - 1) 2^j), t)}: the last complete aligned block of {@code 2^j}
 * elements plus the current partial block, so it holds between {@code 2^j} and {@code 2^(j+1) - 1}
 * elements once {@code t >= 2^j}, and all t elements before. Level j keeps the counts of those two
 * blocks; when the current block completes it becomes the previous one (the oldest block leaves).
 *
 * <p>Levels are added as the stream grows: the top level L always covers the whole stream (while
 * {@code t < 2^(L+1)}), and when t reaches {@code 2^(L+1)} level L + 1 is created holding every
 * element, up to {@code maxExponent}. So the longest window is the whole stream when stationary,
 * with no J to choose. Cost O(L) per element (each block is cleared through the list of cells it
 * touched, at most one per element); memory {@code 2 (L - jMin + 1) k} ints for k bins, O(k log t).
 */
public final class DyadicBlockCounts {

    /** The largest level: windows stay below 2^31 elements, so counts fit an int. */
    public static final int MAX_EXPONENT = 30;

    private final int numBins;
    private final int minExponent;
    private final int maxExponent;
    private final List<Level> levels = new ArrayList<>();
    private long elementsSeen;

    /**
     * @param numBins k >= 1
     * @param minExponent jMin in [0, maxExponent]: the shortest window is {@code 2^jMin} (and below)
     * @param maxExponent the highest level, in [minExponent, 30]; beyond {@code 2^(maxExponent+1)}
     *     elements the longest window stops growing
     * @throws IllegalArgumentException when an argument is out of range
     */
    public DyadicBlockCounts(int numBins, int minExponent, int maxExponent) {
        if (numBins < 1) {
            throw new IllegalArgumentException("numBins must be >= 1, got " + numBins);
        }
        if (maxExponent < 0 || maxExponent > MAX_EXPONENT || minExponent < 0 || minExponent > maxExponent) {
            throw new IllegalArgumentException("need 0 <= minExponent <= maxExponent <= " + MAX_EXPONENT
                    + ", got " + minExponent + " and " + maxExponent);
        }
        this.numBins = numBins;
        this.minExponent = minExponent;
        this.maxExponent = maxExponent;
        levels.add(new Level(numBins));
    }

    public int numBins() {
        return numBins;
    }

    public int minExponent() {
        return minExponent;
    }

    public int maxExponent() {
        return maxExponent;
    }

    public long elementsSeen() {
        return elementsSeen;
    }

    /** The number of levels, {@code L - jMin + 1}; level index i is exponent {@code jMin + i}. */
    public int levels() {
        return levels.size();
    }

    /**
     * Adds one element, creating the next level when the top level's window stops covering the
     * whole stream.
     *
     * @param bin in [0, numBins)
     * @return whether a level was created (the new top level is a copy of the whole stream)
     * @throws IllegalArgumentException when {@code bin} is out of range (nothing is changed)
     */
    public boolean add(int bin) {
        if (bin < 0 || bin >= numBins) {
            throw new IllegalArgumentException("bin must be in [0, " + numBins + "), got " + bin);
        }
        elementsSeen++;
        boolean grown = false;
        int top = minExponent + levels.size() - 1;
        if (top < maxExponent && elementsSeen == 1L << (top + 1)) {
            Level whole = new Level(numBins);
            levels.get(levels.size() - 1).copyWindowInto(whole.current());
            whole.current().add(bin);
            whole.roll();
            levels.add(whole);
            grown = true;
        }
        int size = grown ? levels.size() - 1 : levels.size();
        for (int i = 0; i < size; i++) {
            Level level = levels.get(i);
            level.current().add(bin);
            if ((elementsSeen & ((1L << (minExponent + i)) - 1)) == 0) {
                level.roll();
            }
        }
        return grown;
    }

    /**
     * Moves every count of every block from its cell to {@code cellMap(cell)}, adding the counts of
     * cells that map to the same one (a coarser binning of the same elements); window sizes do not change.
     *
     * @param cellMap maps [0, numBins) into [0, numBins)
     */
    public void remap(IntUnaryOperator cellMap) {
        for (Level level : levels) {
            for (Block block : level.blocks) {
                block.remap(cellMap);
            }
        }
    }

    /** The number of elements in the window of level {@code index}. */
    public int windowSize(int index) {
        Level level = levels.get(index);
        return level.previous().size + level.current().size;
    }

    /** The count of {@code bin} in the window of level {@code index}. */
    public int count(int index, int bin) {
        Level level = levels.get(index);
        return level.previous().counts[bin] + level.current().counts[bin];
    }

    /** The counts of one aligned block, cleared through the list of cells it touched. */
    private static final class Block {
        final int[] counts;
        final int[] touched;
        int touchedSize;
        int size;

        Block(int numBins) {
            counts = new int[numBins];
            touched = new int[numBins];
        }

        void add(int bin) {
            if (counts[bin]++ == 0) {
                touched[touchedSize++] = bin;
            }
            size++;
        }

        void addCount(int bin, int count) {
            if (counts[bin] == 0 && count > 0) {
                touched[touchedSize++] = bin;
            }
            counts[bin] += count;
            size += count;
        }

        void remap(IntUnaryOperator cellMap) {
            int[] cells = Arrays.copyOf(touched, touchedSize);
            int[] moved = new int[touchedSize];
            for (int i = 0; i < cells.length; i++) {
                moved[i] = counts[cells[i]];
            }
            clear();
            for (int i = 0; i < cells.length; i++) {
                addCount(cellMap.applyAsInt(cells[i]), moved[i]);
            }
        }

        void clear() {
            for (int i = 0; i < touchedSize; i++) {
                counts[touched[i]] = 0;
            }
            touchedSize = 0;
            size = 0;
        }
    }

    /** The previous and current blocks of one level. */
    private static final class Level {
        private final Block[] blocks;
        private int current;

        Level(int numBins) {
            blocks = new Block[] {new Block(numBins), new Block(numBins)};
        }

        Block current() {
            return blocks[current];
        }

        Block previous() {
            return blocks[1 - current];
        }

        /** The current block becomes the previous one; the old previous block leaves the window. */
        void roll() {
            previous().clear();
            current = 1 - current;
        }

        void copyWindowInto(Block target) {
            for (Block block : blocks) {
                for (int i = 0; i < block.touchedSize; i++) {
                    target.addCount(block.touched[i], block.counts[block.touched[i]]);
                }
            }
        }
    }

    /**
     * Format 1: k, jMin, the highest level, elements seen, then per level its previous and current
     * block, each as the number of touched cells and the (cell, count) pairs in touch order. Block
     * sizes are the sums of their counts, checked against the window layout implied by the
     * elements seen.
     */
    public static final class Codec implements StateCodec<DyadicBlockCounts> {

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(DyadicBlockCounts value, DataOutput out) throws IOException {
            out.writeInt(value.numBins);
            out.writeInt(value.minExponent);
            out.writeInt(value.maxExponent);
            out.writeLong(value.elementsSeen);
            out.writeInt(value.levels.size());
            for (Level level : value.levels) {
                writeBlock(level.previous(), out);
                writeBlock(level.current(), out);
            }
        }

        @Override
        public DyadicBlockCounts read(DataInput in, int version) throws IOException {
            DyadicBlockCounts value;
            try {
                value = new DyadicBlockCounts(in.readInt(), in.readInt(), in.readInt());
            } catch (IllegalArgumentException e) {
                throw new IOException("Corrupt dyadic block counts: " + e.getMessage(), e);
            }
            value.elementsSeen = in.readLong();
            int levels = in.readInt();
            if (value.elementsSeen < 0 || levels != expectedLevels(value)) {
                throw new IOException("Corrupt dyadic block counts: " + levels + " levels after "
                        + value.elementsSeen + " elements");
            }
            value.levels.clear();
            for (int i = 0; i < levels; i++) {
                Level level = new Level(value.numBins);
                readBlock(level.previous(), value.numBins, in);
                readBlock(level.current(), value.numBins, in);
                long block = 1L << (value.minExponent + i);
                long currentSize = value.elementsSeen % block;
                long previousSize = Math.min(block, value.elementsSeen - currentSize);
                if (level.current().size != currentSize || level.previous().size != previousSize) {
                    throw new IOException("Corrupt dyadic block counts: level " + i + " block sizes");
                }
                value.levels.add(level);
            }
            return value;
        }

        private static int expectedLevels(DyadicBlockCounts value) {
            int top = value.elementsSeen == 0 ? 0 : 63 - Long.numberOfLeadingZeros(value.elementsSeen);
            return Math.min(value.maxExponent, Math.max(value.minExponent, top)) - value.minExponent + 1;
        }

        private static void writeBlock(Block block, DataOutput out) throws IOException {
            out.writeInt(block.touchedSize);
            for (int i = 0; i < block.touchedSize; i++) {
                out.writeInt(block.touched[i]);
                out.writeInt(block.counts[block.touched[i]]);
            }
        }

        private static void readBlock(Block block, int numBins, DataInput in) throws IOException {
            int touched = in.readInt();
            if (touched < 0 || touched > numBins) {
                throw new IOException("Corrupt dyadic block counts: " + touched + " touched cells");
            }
            for (int i = 0; i < touched; i++) {
                int bin = in.readInt();
                int count = in.readInt();
                if (bin < 0 || bin >= numBins || count < 1 || block.counts[bin] != 0) {
                    throw new IOException("Corrupt dyadic block counts: cell " + bin + " count " + count);
                }
                block.addCount(bin, count);
            }
        }
    }
}
