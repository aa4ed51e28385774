package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.NoChangeClassifier;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.records.Example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the client can recompute of a run on a generator, whose record {@code i} is a pure function
 * of {@code i}: the no-change baseline (each key's previous label, the {@link NoChangeClassifier}
 * the {@code --learner no-change} job runs) over the whole run and per window of ids, and the ids
 * at which the generator's concept changes. One pass over the records on the client, so only for
 * runs of at most {@link #MAX_RECORDS} records.
 */
final class GeneratorReplay {

    /** The longest run replayed (a few seconds on one core). */
    static final long MAX_RECORDS = 10_000_000;

    /** The no-change learner's prequential accuracy over the run. */
    final double noChangeAccuracy;

    /** Its accuracy in window {@code w} (ids {@code [w windowSize, (w+1) windowSize)}). */
    final double[] noChangeWindowAccuracy;

    /** Ids whose concept differs from the previous id's, ascending. */
    final long[] conceptChanges;

    private GeneratorReplay(double noChangeAccuracy, double[] noChangeWindowAccuracy, long[] conceptChanges) {
        this.noChangeAccuracy = noChangeAccuracy;
        this.noChangeWindowAccuracy = noChangeWindowAccuracy;
        this.conceptChanges = conceptChanges;
    }

    /**
     * The replay of the first {@code records} records of {@code source}, or null when the source is
     * not a generator ({@code synthetic:SPEC}) or the run is longer than {@link #MAX_RECORDS}.
     */
    static GeneratorReplay of(String source, long records, long windowSize) {
        String prefix = "synthetic:";
        if (!source.startsWith(prefix) || records <= 0 || records > MAX_RECORDS) {
            return null;
        }
        DriftGenerator generator = Generators.fromSpec(source.substring(prefix.length()));
        Map<String, NoChangeClassifier> models = new HashMap<>();
        int windows = (int) ((records + windowSize - 1) / windowSize);
        long[] correct = new long[windows];
        long[] counted = new long[windows];
        List<Long> changes = new ArrayList<>();
        int previousConcept = Example.UNKNOWN_CONCEPT;
        for (long i = 0; i < records; i++) {
            Example example = generator.generate(i);
            NoChangeClassifier model = models.computeIfAbsent(example.key, key -> new NoChangeClassifier());
            int window = (int) (example.id / windowSize);
            counted[window]++;
            if (Learners.argmax(model.predictProbabilities(example.features)) == example.classIndex()) {
                correct[window]++;
            }
            model.learn(example.features, example.classIndex());
            if (i > 0 && example.concept != previousConcept) {
                changes.add(example.id);
            }
            previousConcept = example.concept;
        }
        long allCorrect = 0;
        double[] accuracy = new double[windows];
        for (int w = 0; w < windows; w++) {
            allCorrect += correct[w];
            accuracy[w] = (double) correct[w] / counted[w];
        }
        return new GeneratorReplay((double) allCorrect / records, accuracy,
                changes.stream().mapToLong(Long::longValue).toArray());
    }
}
