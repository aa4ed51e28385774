package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import java.io.Serializable;

/**
 * A synthetic stream with known concept drift: every record carries the id of the concept that
 * generated it ({@link Example#concept}), so detectors and adaptive learners can be scored against
 * the ground truth.
 *
 * <p>Contract: a generator is <em>index-addressable</em>. Record {@code i} is a pure function of the
 * generator's parameters, its seed and {@code i} alone, so any sub-range of indices can be produced
 * independently and in any order. A Flink source may therefore split the index range across parallel
 * readers, or replay it after a failure, and still emit exactly the same records. Implementations are
 * immutable and thread-safe.
 */
public interface DriftGenerator extends Serializable {

    /**
     * The record at position {@code index}: {@code id = index}, {@code timestamp = index *
     * intervalMs}, its key, features, label and concept id.
     *
     * @throws IllegalArgumentException if {@code index < 0}
     */
    Example generate(long index);

    /** Number of features of every record. */
    int dimension();

    /** Number of classes of the label ({@code 0..numClasses-1}); 0 for unlabelled or regression. */
    int numClasses();

    /** Number of model keys records are spread over (record {@code i} has the {@code i % keys}-th); &ge; 1. */
    int keys();

    /** The generator's spec name (as accepted by {@link Generators#fromSpec}). */
    String name();
}
