package io.flinkdrift.operators.params;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.ml.param.Param;

/**
 * The part every {@link ParamDeclaration} shares: its kind, name, description and params with their
 * defaults, kept as given. Immutable.
 */
public abstract class NamedParamDeclaration implements ParamDeclaration {

    private final String kind;
    private final String name;
    private final String description;
    private final Map<Param<?>, Object> params;

    protected NamedParamDeclaration(String kind, String name, String description, Map<Param<?>, Object> params) {
        this.kind = kind;
        this.name = name;
        this.description = description;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<Param<?>, Object> params() {
        return params;
    }
}
