package io.flinkdrift.core.ann;

/**
 * What one maintenance step of an {@link IvfPqIndex} did (wall time is measured by the caller).
 *
 * @param kind the step
 * @param version the index version published by the step (unchanged when nothing was published)
 * @param centroidsChanged coarse centroids whose value changed
 * @param reassignedVectors live vectors now in a different list than before
 * @param reencodedVectors live vectors whose PQ code was recomputed
 * @param liveVectors live vectors in the index after the step
 */
public record MaintenanceReport(Kind kind, long version, int centroidsChanged, long reassignedVectors,
        long reencodedVectors, long liveVectors) {

    /** The share of the live vectors whose code the step recomputed, in [0, 1]; 0 for an empty index. */
    public double reencodedFraction() {
        return liveVectors == 0 ? 0 : (double) reencodedVectors / liveVectors;
    }

    /**
     * The step that published an update: DeDrift's Lazy and Split (Baranchuk et al., ICCV 2023), a
     * refresh of the PQ codebooks ({@link CodebookRefresh}), new codewords with the codes kept
     * ({@link LazyCodewords}) or the full rebuild. Persisted by its {@link #code()}, which never changes (code 2 was a HYBRID kind
     * that no update ever carried: Hybrid publishes a Lazy and a Split update).
     */
    public enum Kind {
        LAZY(0),
        SPLIT(1),
        REBUILD(3),
        CODEBOOKS(4),
        /** New codewords, every code kept ({@link LazyCodewords}); from {@link QuantizerUpdate} format 4 on. */
        CODEWORDS(5);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The persisted code. */
        public int code() {
            return code;
        }

        /** @throws IllegalArgumentException if no kind has this code */
        public static Kind ofCode(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("Unknown maintenance kind code " + code);
        }
    }
}
