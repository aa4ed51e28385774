package io.flinkdrift.formats;

/**
 * The part of an {@link ExampleParser} that must survive a checkpoint. A Flink-free POJO (public fields,
 * public no-argument constructor, arrays instead of collections) so Flink serializes it with its
 * {@code PojoSerializer}, never with Kryo.
 */
public class ParserState {

    /** Class names in index order. */
    public String[] classNames = new String[0];

    /** The feature columns in vector order once fixed; {@code null} while they are still to be selected. */
    public String[] featureColumns;

    /** The feature dimension once fixed by the first accepted row; 0 before. */
    public int dimension;

    /** The id the next data row gets when the spec has no id column. */
    public long nextRowId;

    /** The origin whose CSV header is current; {@code null} before the first header. */
    public String headerOrigin;

    /** The current CSV header's column names; {@code null} when the origin's header was unusable. */
    public String[] headerColumns;

    public ParserState() {}
}
