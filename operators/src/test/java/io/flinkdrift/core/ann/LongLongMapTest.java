package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LongLongMapTest {

    /** put, putIfAbsent (true exactly when the key was absent), remove and reserve agree with a HashMap. */
    @Test
    void agreesWithHashMapUnderRandomPutsAndRemoves() {
        Random random = new Random(51);
        LongLongMap map = new LongLongMap();
        Map<Long, Long> reference = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            // few distinct keys, including extreme values, so probes collide and wrap around
            long key = random.nextInt(3) == 0 ? Long.MAX_VALUE - random.nextInt(50) : random.nextInt(500) * 1024L;
            int operation = random.nextInt(4);
            if (operation == 0) {
                long value = random.nextLong() & Long.MAX_VALUE;
                map.put(key, value);
                reference.put(key, value);
            } else if (operation == 1) {
                long value = random.nextLong() & Long.MAX_VALUE;
                assertEquals(!reference.containsKey(key), map.putIfAbsent(key, value));
                reference.putIfAbsent(key, value);
            } else if (step % 1000 == 0) {
                map.reserve(map.size() + random.nextInt(2000));
            } else {
                Long removed = reference.remove(key);
                assertEquals(removed == null ? LongLongMap.MISSING : removed, map.remove(key));
            }
            assertEquals(reference.size(), map.size());
        }
        for (Map.Entry<Long, Long> entry : reference.entrySet()) {
            assertEquals(entry.getValue(), map.get(entry.getKey()));
        }
    }
}
