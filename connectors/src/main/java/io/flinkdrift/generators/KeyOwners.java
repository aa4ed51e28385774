package io.flinkdrift.generators;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Which parallel subtask owns each of a generator's keys: the one whose key-group range holds the
 * key's group, exactly as Flink assigns the key of a keyed stream ({@link KeyGroupRangeAssignment}).
 * A reader that emits only the keys its subtask owns feeds a keyed operator without a shuffle.
 */
final class KeyOwners {

    private KeyOwners() {}

    /**
     * @return for each key index {@code k < generator.keys()}, the subtask in {@code [0, parallelism)}
     *     that owns the key of record {@code k} (the key of every record {@code i} with {@code i % keys == k})
     */
    static int[] of(DriftGenerator generator, int maxParallelism, int parallelism) {
        int[] owners = new int[generator.keys()];
        for (int k = 0; k < owners.length; k++) {
            owners[k] = KeyGroupRangeAssignment.assignKeyToParallelOperator(
                    generator.generate(k).key, maxParallelism, parallelism);
        }
        return owners;
    }
}
