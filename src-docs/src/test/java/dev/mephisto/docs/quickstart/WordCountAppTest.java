package dev.mephisto.docs.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mephisto.testing.AppTestDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class WordCountAppTest {

    static final String JAR = "$ java -jar src-docs/target/mephisto-quickstart.jar ";
    static final String SEND = JAR + "send text \"";
    static final String GET = JAR + "get word-count-table ";
    static final String CURL = "$ curl -s localhost:6066/tables/word-count-table/";

    private final WordCountApp quickstart = new WordCountApp();

    @Test
    void shouldCountEachWordAsItComes() {
        try (AppTestDriver driver = AppTestDriver.create(quickstart.app)) {
            driver.send(quickstart.lines, null, "Hello, World! Hello...");

            assertEquals(List.of(KeyValue.pair("hello", 1L), KeyValue.pair("world", 1L), KeyValue.pair("hello", 2L)),
                    driver.readKeyValues(quickstart.counts));
            assertEquals(2L, driver.get(quickstart.table, "hello"));
        }
    }

    @Test
    void shouldSplitARecordIntoLinesBeforeWords() {
        try (AppTestDriver driver = AppTestDriver.create(quickstart.app)) {
            driver.send(quickstart.lines, null, "Hello, World!\n\nhello world\r\n-- the end --");

            assertEquals(List.of("hello", "world", "hello", "world", "the", "end"),
                    driver.readKeyValues(quickstart.counts).stream().map(kv -> kv.key).toList());
            assertEquals(2L, driver.get(quickstart.table, "world"));
        }
    }

    /** What the README and the quick-start page show after their {@code send} is what the app answers. */
    @Test
    void shouldAnswerAsTheTranscriptsShow() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        for (Path page : List.of(module.resolveSibling("README.md"), module.resolve("quickstart.md"))) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            List<Integer> sends = indexes(lines, SEND);
            assertEquals(1, sends.size(), page + " should show one send to text");
            try (AppTestDriver driver = AppTestDriver.create(quickstart.app)) {
                String sent = lines.get(sends.get(0)).substring(SEND.length());
                driver.send(quickstart.lines, null, sent.substring(0, sent.lastIndexOf('"')));

                List<Integer> gets = indexes(lines, GET);
                assertFalse(gets.isEmpty(), page + " should show a get");
                for (int at : gets) {
                    String word = lines.get(at).substring(GET.length()).strip();
                    assertEquals(lines.get(at + 1).strip(), String.valueOf(driver.get(quickstart.table, word)),
                            page + ":" + (at + 2) + " shows what get " + word + " prints");
                }
                List<Integer> curls = indexes(lines, CURL);
                assertFalse(curls.isEmpty(), page + " should show a curl");
                for (int at : curls) {
                    String word = lines.get(at).substring(CURL.length()).strip();
                    List<String> shown = new ArrayList<>();
                    for (int i = at + 1; !lines.get(i).startsWith("$") && !lines.get(i).startsWith("```"); i++) {
                        shown.add(lines.get(i));
                    }
                    ObjectMapper json = new ObjectMapper();
                    ObjectNode answer = json.createObjectNode().put("table", "word-count-table").put("key", word)
                            .put("value", driver.get(quickstart.table, word));
                    // the worker writes its JSON answers with Jackson's default pretty printer
                    assertEquals(json.writerWithDefaultPrettyPrinter().writeValueAsString(answer),
                            String.join(System.lineSeparator(), shown), page + ":" + (at + 2) + " shows the answer");
                }
            }
        }
    }

    private static List<Integer> indexes(List<String> lines, String prefix) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                found.add(i);
            }
        }
        return found;
    }
}
