package io.flinkdrift.io;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import java.io.IOException;

/**
 * A sink that creates its writers through another sink: the one place where the Flink lines differ
 * for a sink wrapper. Flink 1.20 (this source set) still declares the deprecated {@code
 * createWriter(InitContext)} abstract; Flink 2.x has only {@code createWriter(WriterInitContext)},
 * which subclasses implement.
 *
 * @param <T> the record type
 */
abstract class DelegatingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** The sink whose writers this one uses. */
    protected abstract Sink<T> delegate();

    @Override
    @SuppressWarnings("deprecation") // the abstract method every Sink must still implement in Flink 1.20
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        return delegate().createWriter(context);
    }
}
