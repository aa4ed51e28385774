package io.flinkdrift.bench;

import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.FixedWindowHistogramEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.WindowMixtureConfig;
import io.flinkdrift.core.density.WindowMixtureHistogramEstimator;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.records.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Mean prequential log-density (score each element, then add it; nats per element, higher is
 * better) of the {@code experts} estimator (job defaults), of the paper's adaptive window ({@code
 * adaptive}, job defaults: J = 12, c = 1) and of every fixed window 8, 16, ... and the stream length,
 * side by side on each data set, with the drift events of {@code experts} and, for sources whose
 * concept changes abruptly, the delay from each change to the first event after it. One key, in
 * order: the {@code density} job gives the same figures.
 *
 * <p>Usage: {@code DensityWindows SET...}, each {@code LABEL|SOURCE|FEATURES|LO|HI|BINS|N|abrupt or
 * gradual}, SOURCE {@code synthetic:SPEC} or {@code file:PATH} (FEATURES: comma-separated column
 * names; for generators "-", all features).
 */
public final class DensityWindows {

    private DensityWindows() {}

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, Double>> columns = new LinkedHashMap<>();
        TreeSet<Integer> fixedWindows = new TreeSet<>();
        System.out.println("| data set | elements | experts | adaptive (paper) | best fixed window | experts − best fixed"
                + " | experts − fixed 256 / 1024 / 4096 (min) | drift events | abrupt changes | first event after each change (elements) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String arg : args) {
            String[] set = arg.split("\\|");
            List<double[]> points = new ArrayList<>();
            List<Integer> concepts = new ArrayList<>();
            load(set[1], set[2], Integer.parseInt(set[6]), points, concepts);
            GridBinning grid = grid(points.get(0).length, Double.parseDouble(set[3]), Double.parseDouble(set[4]),
                    Integer.parseInt(set[5]));
            Map<String, Double> scores = new LinkedHashMap<>();
            List<Integer> events = new ArrayList<>();
            scores.put("experts", meanLogDensity(
                    new WindowMixtureHistogramEstimator(grid, WindowMixtureConfig.defaults()), points, events));
            scores.put("adaptive (paper)", meanLogDensity(
                    new AdaptiveHistogramEstimator(grid, AdaptiveWindowConfig.withMaxWindowExponent(12)), points,
                    new ArrayList<>()));
            String best = null;
            for (long window = 8; ; window *= 2) {
                int r = (int) Math.min(window, points.size());
                String name = "fixed " + r;
                scores.put(name, meanLogDensity(new FixedWindowHistogramEstimator(grid, r), points, new ArrayList<>()));
                fixedWindows.add(r);
                if (best == null || scores.get(name) > scores.get(best)) {
                    best = name;
                }
                if (r == points.size()) {
                    break;
                }
            }
            double experts = scores.get("experts");
            double margin = Math.min(experts - scores.get("fixed 256"),
                    Math.min(experts - scores.get("fixed 1024"), experts - scores.get("fixed 4096")));
            List<Integer> changes = set[7].equals("abrupt") ? changes(concepts) : List.of();
            System.out.printf("| %s | %d | %.4f | %.4f | %.4f (%s) | %+.4f | %+.4f | %d | %d | %s |%n", set[0],
                    points.size(), experts, scores.get("adaptive (paper)"), scores.get(best), best.substring(6),
                    experts - scores.get(best), margin, events.size(), changes.size(), delays(changes, events));
            columns.put(set[0], scores);
        }
        System.out.println();
        StringBuilder header = new StringBuilder("| estimator |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String set : columns.keySet()) {
            header.append(' ').append(set).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        List<String> rows = new ArrayList<>(List.of("experts", "adaptive (paper)"));
        fixedWindows.forEach(r -> rows.add("fixed " + r));
        for (String row : rows) {
            StringBuilder line = new StringBuilder("| " + row + " |");
            for (Map<String, Double> scores : columns.values()) {
                Double score = scores.get(row);
                line.append(score == null ? " – |" : String.format(" %.4f |", score));
            }
            System.out.println(line);
        }
    }

    /** Scores each element before adding it; records the elements at which a drift event fired. */
    private static double meanLogDensity(DensityEstimator estimator, List<double[]> points, List<Integer> events) {
        double sum = 0;
        for (int t = 0; t < points.size(); t++) {
            sum += estimator.logDensity(points.get(t));
            int before = estimator.window();
            estimator.add(points.get(t));
            if (estimator.driftDetected() && estimator.window() < before) {
                events.add(t);
            }
        }
        return sum / points.size();
    }

    /** The elements at which the concept id changes. */
    private static List<Integer> changes(List<Integer> concepts) {
        List<Integer> changes = new ArrayList<>();
        for (int t = 1; t < concepts.size(); t++) {
            if (!concepts.get(t).equals(concepts.get(t - 1))) {
                changes.add(t);
            }
        }
        return changes;
    }

    /** For each change, the elements to the first event at or after it ("none" when there is none). */
    private static String delays(List<Integer> changes, List<Integer> events) {
        if (changes.isEmpty()) {
            return "–";
        }
        List<String> delays = new ArrayList<>();
        for (int change : changes) {
            delays.add(events.stream().filter(e -> e >= change).findFirst().map(e -> String.valueOf(e - change))
                    .orElse("none"));
        }
        return String.join(", ", delays);
    }

    private static GridBinning grid(int dimension, double lo, double hi, int bins) {
        double[] low = new double[dimension];
        double[] high = new double[dimension];
        Arrays.fill(low, lo);
        Arrays.fill(high, hi);
        return new GridBinning(low, high, bins);
    }

    private static void load(String source, String features, int limit, List<double[]> points, List<Integer> concepts)
            throws IOException {
        if (source.startsWith("synthetic:")) {
            DriftGenerator generator = Generators.fromSpec(source.substring("synthetic:".length()));
            for (int i = 0; i < limit; i++) {
                Example example = generator.generate(i);
                points.add(example.features);
                concepts.add(example.concept);
            }
            return;
        }
        List<String> lines = Files.readAllLines(Path.of(source.substring("file:".length())));
        List<String> header = Arrays.asList(lines.get(0).replace("\"", "").split(","));
        String[] names = features.split(",");
        for (int i = 1; i < lines.size() && points.size() < limit; i++) {
            String[] fields = lines.get(i).split(",");
            double[] point = new double[names.length];
            for (int a = 0; a < names.length; a++) {
                point[a] = Double.parseDouble(fields[header.indexOf(names[a])]);
            }
            points.add(point);
            concepts.add(0);
        }
    }
}
