package io.flinkdrift.operators.learners;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;

/**
 * Values of a set of params outside a Flink ML stage, e.g. the learner options of a command line;
 * {@link #set} validates as a stage does.
 */
public final class ParamValues implements WithParams<ParamValues> {

    private final Map<Param<?>, Object> values = new LinkedHashMap<>();

    /** The given values (a copy of the map). */
    public ParamValues(Map<Param<?>, Object> values) {
        this.values.putAll(values);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return values;
    }
}
