package io.flinkdrift.generators;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * A reader's report when it starts: the keys it restored but does not own (after a rescale), which
 * the enumerator hands to their owners; null when it owns every key it restored.
 */
final class ForeignKeys implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final KeySplit keys;

    ForeignKeys(KeySplit keys) {
        this.keys = keys;
    }

    KeySplit keys() {
        return keys;
    }
}
