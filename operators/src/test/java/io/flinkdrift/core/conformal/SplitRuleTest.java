package io.flinkdrift.core.conformal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SplitRuleTest {

    @Test
    void alternatingCalibratesEvenIndicesAndTrainsOddOnes() {
        SplitRule rule = SplitRule.alternating();
        for (long i = -4; i < 20; i++) {
            assertEquals(i % 2 == 0, rule.calibrates(i), "index " + i);
            assertEquals(i % 2 != 0, rule.trains(i), "index " + i);
        }
    }

    @Test
    void calibrateEveryKeepsOneIndexInPeriod() {
        SplitRule third = SplitRule.calibrateEvery(3);
        int calibrating = 0;
        for (long i = -30; i < 30; i++) {
            assertEquals(Math.floorMod(i, 3) == 0, third.calibrates(i), "index " + i);
            calibrating += third.calibrates(i) ? 1 : 0;
        }
        assertEquals(20, calibrating);
        assertEquals(true, SplitRule.calibrateEvery(1).calibrates(7));
        assertThrows(IllegalArgumentException.class, () -> SplitRule.calibrateEvery(0));
    }
}
