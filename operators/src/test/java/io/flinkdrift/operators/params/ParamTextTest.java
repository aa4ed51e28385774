package io.flinkdrift.operators.params;

import io.flinkdrift.operators.learners.HasSeed;
import io.flinkdrift.operators.learners.KalmanParams;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Param values from text: whole numbers exactly, also as decimals; booleans strictly; errors named. */
class ParamTextTest {

    private final LearnerDeclaration<?> kalman = LearnerRegistry.classifier("kalman");

    @Test
    void wholeNumbersAreExactAlsoBeyondTheDoublePrecision() {
        ParamValues values = kalman.defaultValues();
        ParamText.set(kalman, values, "seed", "1234567890123456789");
        assertEquals(1234567890123456789L, values.get(HasSeed.SEED));
        ParamText.set(kalman, values, "seed", " 42.0 ");
        assertEquals(42L, values.get(HasSeed.SEED));
        assertEquals("param seed: 4.5 is not a whole number", assertThrows(IllegalArgumentException.class,
                () -> ParamText.set(kalman, values, "seed", "4.5")).getMessage());
    }

    @Test
    void booleansAndNumbersAreCheckedAndNamed() {
        ParamValues values = kalman.defaultValues();
        ParamText.set(kalman, values, "learnGamma", "FALSE");
        assertEquals(false, values.get(KalmanParams.LEARN_GAMMA));
        assertEquals("param learnGamma: 'no' is not a boolean", assertThrows(IllegalArgumentException.class,
                () -> ParamText.set(kalman, values, "learnGamma", "no")).getMessage());
        assertEquals("param gamma: 'high' is not a number", assertThrows(IllegalArgumentException.class,
                () -> ParamText.set(kalman, values, "gamma", "high")).getMessage());
        assertEquals("learner kalman has no param 'window'", assertThrows(IllegalArgumentException.class,
                () -> ParamText.set(kalman, values, "window", "8")).getMessage().split(";")[0]);
    }
}
