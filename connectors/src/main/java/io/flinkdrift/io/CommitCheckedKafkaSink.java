package io.flinkdrift.io;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link KafkaSink} whose lost transactions fail the job. The Kafka connector's committer (3.4)
 * only logs "Unable to commit transaction ... most likely signals data loss" when the broker refuses
 * a commit because it has already aborted the transaction (its {@code transaction.timeout.ms} ran out
 * before the checkpoint's commit, e.g. during a slow recovery), and the job runs on without those
 * records. Here such a commit fails the job without restarts: a restart would restore the same
 * checkpoint, whose input offsets are past the lost records, and lose them again.
 *
 * <p>Writer, writer state, committables and their serializers are the Kafka sink's own, so savepoints
 * of a job with a plain {@link KafkaSink} restore into this one and back.
 */
final class CommitCheckedKafkaSink<T> extends DelegatingSink<T>
        implements SupportsWriterState<T, Object>, SupportsCommitter<Object>, LineageVertexProvider {

    private static final long serialVersionUID = 1L;

    private final KafkaSink<T> kafka;

    CommitCheckedKafkaSink(KafkaSink<T> kafka) {
        this.kafka = kafka;
    }

    @Override
    protected Sink<T> delegate() {
        return kafka;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return kafka.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<T, Object> restoreWriter(WriterInitContext context, Collection<Object> states)
            throws IOException {
        return writerState().restoreWriter(context, states);
    }

    @Override
    public SimpleVersionedSerializer<Object> getWriterStateSerializer() {
        return writerState().getWriterStateSerializer();
    }

    @Override
    public Committer<Object> createCommitter(CommitterInitContext context) throws IOException {
        return new LossFailingCommitter(committing().createCommitter(context));
    }

    @Override
    public SimpleVersionedSerializer<Object> getCommittableSerializer() {
        return committing().getCommittableSerializer();
    }

    @Override
    public LineageVertex getLineageVertex() {
        return kafka.getLineageVertex();
    }

    /** The Kafka sink's writer state type is package-private in the connector, hence {@code Object}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private SupportsWriterState<T, Object> writerState() {
        return (SupportsWriterState) kafka;
    }

    /** The Kafka sink's committable type is package-private in the connector, hence {@code Object}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private SupportsCommitter<Object> committing() {
        return (SupportsCommitter) kafka;
    }

    /** The Kafka committer, with every commit request it gives up on turned into a job failure. */
    private static final class LossFailingCommitter implements Committer<Object> {

        private final Committer<Object> kafka;

        LossFailingCommitter(Committer<Object> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void commit(Collection<CommitRequest<Object>> requests) throws IOException, InterruptedException {
            List<CommitRequest<Object>> failing = requests.stream()
                    .map(FailingOnLoss::new)
                    .collect(Collectors.toList());
            kafka.commit(failing);
        }

        @Override
        public void close() throws Exception {
            kafka.close();
        }
    }

    /** A commit request that throws when the committer signals a failure it would otherwise swallow. */
    private static final class FailingOnLoss implements Committer.CommitRequest<Object> {

        private final Committer.CommitRequest<Object> request;

        FailingOnLoss(Committer.CommitRequest<Object> request) {
            this.request = request;
        }

        @Override
        public Object getCommittable() {
            return request.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return request.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            request.signalFailedWithKnownReason(t);
            throw new SuppressRestartsException(new IllegalStateException("Kafka could not commit "
                    + request.getCommittable() + ": the broker has aborted the transaction, so its records "
                    + "are lost. Its transaction.timeout.ms must cover the checkpoint interval plus the "
                    + "time to take a checkpoint and to recover; restore from a checkpoint or savepoint "
                    + "taken before the loss", t));
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            request.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            request.retryLater();
        }

        @Override
        public void updateAndRetryLater(Object committable) {
            request.updateAndRetryLater(committable);
        }

        @Override
        public void signalAlreadyCommitted() {
            request.signalAlreadyCommitted();
        }
    }
}
