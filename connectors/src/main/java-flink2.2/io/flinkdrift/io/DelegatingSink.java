package io.flinkdrift.io;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * A sink that creates its writers through another sink: the one place where the Flink lines differ
 * for a sink wrapper. Flink 2.x (this source set) has only {@code createWriter(WriterInitContext)},
 * which subclasses implement; Flink 1.20 also declares the deprecated {@code
 * createWriter(InitContext)} abstract.
 *
 * @param <T> the record type
 */
abstract class DelegatingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** The sink whose writers this one uses. */
    protected abstract Sink<T> delegate();
}
