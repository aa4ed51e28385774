package io.flinkdrift.operators.params;

import io.flinkdrift.operators.learners.HasSeed;
import io.flinkdrift.operators.learners.LearnerRegistry;
import org.apache.flink.ml.param.Param;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How declarations copy their params maps: added at the default where absent, in order, never in place. */
class ParamDeclarationTest {

    @Test
    void withAddsAParamAtItsDefaultWhereAbsentToACopy() {
        Map<Param<?>, Object> params = new LinkedHashMap<>();
        params.put(HasSeed.SEED, 7L);
        Map<Param<?>, Object> added = ParamDeclaration.with(params, LearnerRegistry.AGGRESSIVENESS);
        assertEquals(List.of(HasSeed.SEED, LearnerRegistry.AGGRESSIVENESS), List.copyOf(added.keySet()));
        assertEquals(7L, added.get(HasSeed.SEED));
        assertEquals(1.0, added.get(LearnerRegistry.AGGRESSIVENESS));
        assertEquals(Map.of(HasSeed.SEED, 7L), params, "the given map is not changed");
        assertEquals(7L, ParamDeclaration.with(params, HasSeed.SEED).get(HasSeed.SEED), "a present value is kept");
    }

    @Test
    void withMixinAddsEveryParamOfTheMixinTheSameWay() {
        Map<Param<?>, Object> params = Map.of(HasSeed.SEED, 7L);
        assertEquals(params, ParamDeclaration.withMixin(params, HasSeed.class), "its only param is present");
        assertEquals(Map.of(HasSeed.SEED, HasSeed.SEED.defaultValue), ParamDeclaration.withMixin(Map.of(), HasSeed.class));
    }
}
