package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.rls.RlsConfig;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;

/**
 * Interface for the shared params of the Lite-RVFL random feature map (Hu, Liu and He, 2025): the
 * inputs followed by groups of random sigmoid features, drawn from the {@link HasSeed seed}.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasRandomFeatures<T> extends HasSeed<T> {

    Param<Integer> ENHANCEMENT_GROUPS = new IntParam(
            "enhancementGroups",
            "Groups of random sigmoid features, >= 0; 0 = the raw features only.",
            RlsConfig.builder(1).build().enhancementGroups(), ParamValidators.gtEq(0));

    Param<Integer> NODES_PER_GROUP = new IntParam(
            "nodesPerGroup",
            "Random sigmoid features per group, >= 1.",
            RlsConfig.builder(1).build().nodesPerGroup(), ParamValidators.gtEq(1));

    default int getEnhancementGroups() {
        return get(ENHANCEMENT_GROUPS);
    }

    default T setEnhancementGroups(int value) {
        return set(ENHANCEMENT_GROUPS, value);
    }

    default int getNodesPerGroup() {
        return get(NODES_PER_GROUP);
    }

    default T setNodesPerGroup(int value) {
        return set(NODES_PER_GROUP, value);
    }
}
