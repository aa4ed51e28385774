package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.common.datastream.TableUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The {@code transform} of a model whose model data is a stream of per-key versions ({@link
 * ModelSnapshot}s, as the keyed {@code fit}s of this package emit them): a keyed two-input operator
 * (rows and versions both keyed by the model key) that appends the model's columns to every row,
 * answering it under the newest version of its key received so far. A key's rows that arrive before
 * its first version wait in keyed state and are answered when it comes, so no row races its key's
 * first version; a version not newer than the current one is ignored. The current version lives in
 * keyed state through {@code serializer}, so each parallel instance holds the versions of its own
 * keys only. Subclasses say how a version is decoded and how a row is answered.
 *
 * @param <M> the decoded version
 */
abstract class KeyedVersionsFunction<M> extends KeyedCoProcessFunction<String, Row, ModelSnapshot, Row> {

    private static final long serialVersionUID = 1L;

    private final String modelStateName;
    private final TypeSerializer<M> serializer;
    private final RowTypeInfo inputType;

    private transient ValueState<M> model;
    private transient ValueState<Long> version;
    private transient ListState<Row> waitingRows;

    /**
     * @param modelStateName the name of the keyed state holding the current version
     * @param serializer its serializer (a {@code CodecSerializer})
     * @param inputType the type of the rows
     */
    KeyedVersionsFunction(String modelStateName, TypeSerializer<M> serializer, RowTypeInfo inputType) {
        this.modelStateName = modelStateName;
        this.serializer = serializer;
        this.inputType = inputType;
    }

    /** The version {@code snapshot} holds. */
    abstract M decode(ModelSnapshot snapshot) throws Exception;

    /**
     * {@code row} followed by the model's columns, answered under {@code current}, version {@code
     * modelVersion}.
     */
    abstract Row answer(M current, long modelVersion, Row row, Context ctx) throws Exception;

    @Override
    public void open(OpenContext openContext) throws Exception {
        model = getRuntimeContext().getState(new ValueStateDescriptor<>(modelStateName, serializer));
        version = getRuntimeContext().getState(new ValueStateDescriptor<>("model-version", Types.LONG));
        waitingRows = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-rows", inputType));
    }

    @Override
    public void processElement1(Row row, Context ctx, Collector<Row> out) throws Exception {
        M current = model.value();
        if (current == null) {
            waitingRows.add(row);
        } else {
            out.collect(answer(current, version.value(), row, ctx));
        }
    }

    @Override
    public void processElement2(ModelSnapshot snapshot, Context ctx, Collector<Row> out) throws Exception {
        Long current = version.value();
        if (current != null && snapshot.modelVersion <= current) {
            return;
        }
        M newest = decode(snapshot);
        model.update(newest);
        version.update(snapshot.modelVersion);
        if (current == null) {
            for (Row row : waitingRows.get()) {
                out.collect(answer(newest, snapshot.modelVersion, row, ctx));
            }
            waitingRows.clear();
        }
    }

    /**
     * The rows of {@code rows} answered by {@code function} under the versions of {@code modelData},
     * both keyed by {@link #key}; the output has {@code rows}' columns followed by {@code names} of
     * {@code types}.
     */
    static SingleOutputStreamOperator<Row> answers(StreamTableEnvironment tEnv, Table rows, String keyCol, Table modelData,
            KeyedVersionsFunction<?> function, String[] names, TypeInformation<?>... types) {
        int keyIndex = keyIndex(rows, keyCol);
        return tEnv.toDataStream(rows)
                .keyBy(row -> key(row, keyIndex), Types.STRING)
                .connect(OnlineLearnerModel.versions(tEnv, modelData).keyBy(version -> version.key, Types.STRING))
                .process(function, AppendedColumns.type(function.inputType, names, types));
    }

    /** The type of {@code table}'s rows, for the constructor. */
    static RowTypeInfo rowType(Table table) {
        return TableUtils.getRowTypeInfo(table.getResolvedSchema());
    }

    /**
     * The index of the key column, or -1 for no key column ({@code keyCol} null).
     *
     * @throws IllegalArgumentException naming the table's columns if it has no column {@code keyCol}
     */
    static int keyIndex(Table table, String keyCol) {
        return keyCol == null ? -1 : OnlineLearnerEstimator.columnIndex(table, keyCol);
    }

    /** The key of {@code row}: its key column as text, or the default key when there is none. */
    static String key(Row row, int keyIndex) {
        return keyIndex < 0 ? Example.DEFAULT_KEY : String.valueOf(row.getField(keyIndex));
    }
}
