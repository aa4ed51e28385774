package example;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Using the operators in your own project" snippets, run from a project that has only
 * the dependencies the README lists: each snippet here is the README's code block verbatim, and
 * prints the figures the README shows.
 */
class ReadmeSnippetsTest {

    private static final Path README = Paths.get(System.getProperty("readme", "../../README.md"));
    private static final Path SOURCES = Paths.get("src/main/java/example");

    @Test
    void dataStreamLearnerSnippetIsTheReadmesAndPrintsItsAccuracy() throws Exception {
        // The same figure as: java -jar jobs/target/flink-drift-jobs.jar classify
        //   --source synthetic:sea --max-records 20000 --learner kalman --sink none
        assertSnippetPrints("DataStreamLearner.java", DataStreamLearner::main,
                "prequential accuracy 0.7982 on 20000 examples");
    }

    @Test
    void flinkMlSnippetIsTheReadmesAndPredictsEveryTestRow() throws Exception {
        assertSnippetInReadme("FlinkMlLearner.java");
        String printed = run(FlinkMlLearner::main);
        Matcher figures = Pattern.compile("(\\d+) rows predicted, (\\d+) correctly").matcher(printed.strip());
        assertTrue(figures.matches(), printed);
        assertEquals(1000, Integer.parseInt(figures.group(1)), "every test row is predicted once");
        // A model of 1,000 to 5,000 updates beats always predicting SEA's majority class (61.6%).
        assertTrue(Integer.parseInt(figures.group(2)) > 650, printed);
    }

    @Test
    void conformalSnippetIsTheReadmesAndControlsMiscoverage() throws Exception {
        // PID control keeps the long-run miscoverage at alpha: 0.1006 over 10,000 test sets.
        assertSnippetPrints("ConformalSets.java", ConformalSets::main,
                "miscoverage 0.1006 (target 0.1), mean set size 1.2820 on 10000 sets");
    }

    @Test
    void densitySnippetIsTheReadmesAndScoresEveryElement() throws Exception {
        assertSnippetPrints("DensityScores.java", DensityScores::main,
                "mean log-density -3.9854 over 20000 scores, 4 drift events");
    }

    @Test
    void annSnippetIsTheReadmesAndFindsEachQueryItself() throws Exception {
        // Every query after the 2,000 training vectors (1,800 of 2,000) has its own vector as nearest.
        assertSnippetPrints("AnnSearch.java", AnnSearch::main,
                "2000 queries answered, 1800 find their own vector first");
    }

    /** The failure a consumer saw with jackson-core 2.12 next to jackson-databind 2.17. */
    @Test
    void jacksonModulesResolveToOneVersionAndParse() throws Exception {
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertEquals(databind, com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString(), "jackson-core");
        assertEquals(databind, com.fasterxml.jackson.annotation.JsonProperty.class.getPackage().getImplementationVersion(),
                "jackson-annotations");
        assertEquals(1.5, new ObjectMapper().readTree("{\"x\": 1.5}").get("x").asDouble());
    }

    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static void assertSnippetPrints(String source, Main main, String expected) throws Exception {
        assertSnippetInReadme(source);
        assertEquals(expected, run(main).strip());
    }

    private static String run(Main main) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run(new String[0]);
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The lines between "// README begin" and "// README end" form one of the README's java blocks. */
    private static void assertSnippetInReadme(String source) throws Exception {
        String java = Files.readString(SOURCES.resolve(source));
        int begin = java.indexOf("// README begin\n");
        int end = java.indexOf("// README end");
        assertTrue(begin >= 0 && end > begin, "markers in " + source);
        String snippet = dedent(java.substring(java.indexOf('\n', begin) + 1, java.lastIndexOf('\n', end) + 1));
        List<String> blocks = javaBlocks(Files.readString(README));
        assertTrue(blocks.contains(snippet), source + "'s snippet is not a java block of the README:\n" + snippet);
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    private static String dedent(String text) {
        int indent = text.lines().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        text.lines().forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return out.toString();
    }
}
