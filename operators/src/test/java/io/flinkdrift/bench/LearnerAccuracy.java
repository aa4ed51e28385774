package io.flinkdrift.bench;

import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.learners.HasStandardizationSamples;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.records.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prequential (predict, then learn) accuracy of every classifier of {@link LearnerRegistry} at its
 * defaults, and of every learner that standardises with B = {@code standardizationSamples} (args
 * after "--standardization"), on CSV files (last column the label; string labels numbered by first
 * appearance, as the {@code classify} job does) and generators ({@code synthetic:NAME}, 100,000
 * records). One key, in file order: the {@code classify} job at any parallelism gives the same
 * figures. Usage: {@code LearnerAccuracy SOURCE... [--standardization B...]}.
 */
public final class LearnerAccuracy {

    private LearnerAccuracy() {}

    public static void main(String[] args) throws IOException {
        List<String> sources = new ArrayList<>();
        List<Integer> standardizations = new ArrayList<>();
        boolean afterFlag = false;
        for (String arg : args) {
            if (arg.equals("--standardization")) {
                afterFlag = true;
            } else if (afterFlag) {
                standardizations.add(Integer.parseInt(arg));
            } else {
                sources.add(arg);
            }
        }
        System.out.println("| source | learner | B | accuracy |");
        System.out.println("|---|---|---|---|");
        for (String source : sources) {
            List<double[]> features = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            load(source, features, labels);
            for (LearnerDeclaration<?> declaration : LearnerRegistry.CLASSIFIERS) {
                ParamValues values = declaration.defaultValues();
                List<Integer> variants = new ArrayList<>();
                variants.add(null);
                if (declaration.params().containsKey(HasStandardizationSamples.STANDARDIZATION_SAMPLES)) {
                    variants.addAll(standardizations);
                }
                for (Integer b : variants) {
                    if (b != null) {
                        values.set(HasStandardizationSamples.STANDARDIZATION_SAMPLES, b);
                    }
                    OnlineClassifier model = (OnlineClassifier) declaration.factory(values).create(features.get(0).length);
                    long correct = 0;
                    for (int i = 0; i < features.size(); i++) {
                        correct += Learners.argmax(model.predictProbabilities(features.get(i))) == labels.get(i) ? 1 : 0;
                        model.learn(features.get(i), labels.get(i));
                    }
                    System.out.printf("| %s | %s | %s | %.4f |%n", source, declaration.name(),
                            b == null ? "default (" + declaration.params().getOrDefault(
                                    HasStandardizationSamples.STANDARDIZATION_SAMPLES, "-") + ")" : b,
                            correct / (double) features.size());
                }
            }
        }
    }

    private static void load(String source, List<double[]> features, List<Integer> labels) throws IOException {
        if (source.startsWith("synthetic:")) {
            var generator = Generators.fromSpec(source.substring("synthetic:".length()));
            for (long i = 0; i < 100_000; i++) {
                Example example = generator.generate(i);
                features.add(example.features);
                labels.add((int) example.label);
            }
            return;
        }
        List<String> lines = Files.readAllLines(Path.of(source));
        Map<String, Integer> classes = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.replace("\"", "").split(",");
            double[] x = new double[cells.length - 1];
            for (int j = 0; j < x.length; j++) {
                x[j] = Double.parseDouble(cells[j]);
            }
            String label = cells[cells.length - 1];
            Integer index;
            try {
                index = (int) Double.parseDouble(label);
            } catch (NumberFormatException notANumber) {
                index = classes.computeIfAbsent(label, l -> classes.size());
            }
            features.add(x);
            labels.add(index);
        }
    }
}
