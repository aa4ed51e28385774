package io.flinkdrift.core.ann;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One maintenance step of an {@link IvfPqIndex} as data: the quantizer version it publishes and the
 * rule that moves the stored vectors to it. Applying the same update ({@link IvfPqIndex#apply}) to
 * indexes that share a quantizer yields, list by list, the same assignment and codes for every
 * vector, which is what lets parallel shards of one logical index follow a single maintainer.
 *
 * <p>The move rule: every live vector of the lists in {@code reassignedLists} goes to the nearest
 * of those lists' new centroids (ties to the earlier entry of {@code reassignedLists}); vectors of
 * other lists stay put. Codes are recomputed for the moved-list vectors under residual encoding,
 * for the lists whose anchor changed under residual encoding (all of such a list with one segment
 * allowed, else only the segment that leaves the list's last {@link IvfPqConfig#maxSegments()}
 * anchors; see {@link IvfPqIndex}), and for every vector when the update
 * {@link #replacesCodebooks() replaces the PQ codebooks}: a list not reassigned then keeps its segments,
 * each re-encoded against its own anchor. A CODEWORDS update publishes new codebooks and recomputes no
 * code: every code then stands for the new codewords it indexes. A list in {@code forwardLists} whose anchor
 * moves closes its open segment with the codes it has, under its old anchor, instead of re-encoding it.
 *
 * @param kind LAZY (no list reassigned), SPLIT (the k2 re-clustered lists), CODEBOOKS (new codebooks, no
 *     list reassigned, centroids and anchors unchanged: {@link CodebookRefresh}), CODEWORDS (as CODEBOOKS,
 *     but the codes are kept: {@link LazyCodewords}) or REBUILD (all lists, new codebooks); a Hybrid run
 *     publishes a LAZY update followed by a SPLIT update
 * @param version the version published, exactly one above the version it applies to
 * @param centroids the K·d row-major coarse centroids after the step, which route vectors and queries
 *     (not copied)
 * @param anchors the K·d row-major points residual codes are taken against after the step (not
 *     copied); equal to the centroids except for lists whose Lazy drift stayed under the index's
 *     re-anchor threshold
 * @param pq the product quantizer after the step
 * @param reassignedLists the lists whose members are reassigned, without duplicates (not copied)
 * @param forwardLists lists whose anchor was set ahead of their open segment
 *     ({@link LazyUpdate#forwardAnchors}), without duplicates and not reassigned (not copied)
 */
public record QuantizerUpdate(MaintenanceReport.Kind kind, long version, float[] centroids, float[] anchors,
        ProductQuantizer pq, int[] reassignedLists, int[] forwardLists) {

    /** An update without forward lists. */
    public QuantizerUpdate(MaintenanceReport.Kind kind, long version, float[] centroids, float[] anchors,
            ProductQuantizer pq, int[] reassignedLists) {
        this(kind, version, centroids, anchors, pq, reassignedLists, new int[0]);
    }

    /** True for a rebuild and a codebook refresh: the codebooks were retrained, so every code is recomputed. */
    public boolean replacesCodebooks() {
        return kind == MaintenanceReport.Kind.REBUILD || kind == MaintenanceReport.Kind.CODEBOOKS;
    }

    /**
     * True when the index takes this update's codebooks: for the kinds that {@link #replacesCodebooks()} and
     * for CODEWORDS, which keeps the codes; the other kinds keep the index's codebooks.
     */
    public boolean publishesCodebooks() {
        return replacesCodebooks() || kind == MaintenanceReport.Kind.CODEWORDS;
    }

    /**
     * Format 3: kind ({@link MaintenanceReport.Kind#code()}), version, centroid count and values,
     * anchor count and values, PQ (d, M, codewords, codebooks), reassigned lists (count, lists), forward
     * lists (count, lists). Format 4 is format 3 with one more kind, CODEWORDS, which format 3 never
     * wrote. Format 2 had no forward lists (read as none); format 1 also had no anchors: they were the
     * centroids.
     */
    public static final class Codec implements StateCodec<QuantizerUpdate> {

        @Override
        public int version() {
            return 4;
        }

        @Override
        public void write(QuantizerUpdate value, DataOutput out) throws IOException {
            out.writeInt(value.kind.code());
            out.writeLong(value.version);
            writeLengthAndFloats(value.centroids, out);
            writeLengthAndFloats(value.anchors, out);
            out.writeInt(value.pq.dimension());
            out.writeInt(value.pq.numSubQuantizers());
            out.writeInt(value.pq.numCodewords());
            writeLengthAndFloats(value.pq.codebooks(), out);
            writeLists(value.reassignedLists, out);
            writeLists(value.forwardLists, out);
        }

        private static void writeLists(int[] lists, DataOutput out) throws IOException {
            out.writeInt(lists.length);
            for (int list : lists) {
                out.writeInt(list);
            }
        }

        private static int[] readLists(DataInput in) throws IOException {
            int[] lists = new int[in.readInt()];
            for (int i = 0; i < lists.length; i++) {
                lists[i] = in.readInt();
            }
            return lists;
        }

        private static void writeLengthAndFloats(float[] values, DataOutput out) throws IOException {
            out.writeInt(values.length);
            ArrayFormat.writeFloats(values, out);
        }

        @Override
        public QuantizerUpdate read(DataInput in, int version) throws IOException {
            MaintenanceReport.Kind kind = MaintenanceReport.Kind.ofCode(in.readInt());
            if (version < 4 && kind == MaintenanceReport.Kind.CODEWORDS) {
                throw new IOException("format " + version + " has no kind " + kind);
            }
            long publishes = in.readLong();
            float[] centroids = ArrayFormat.readFloats(in, in.readInt());
            float[] anchors = version >= 2 ? ArrayFormat.readFloats(in, in.readInt()) : centroids.clone();
            int d = in.readInt();
            int m = in.readInt();
            int codewords = in.readInt();
            float[] codebooks = ArrayFormat.readFloats(in, in.readInt());
            ProductQuantizer pq = new ProductQuantizer(d, m, codewords, codebooks);
            int[] lists = readLists(in);
            int[] forward = version >= 3 ? readLists(in) : new int[0];
            return new QuantizerUpdate(kind, publishes, centroids, anchors, pq, lists, forward);
        }
    }
}
