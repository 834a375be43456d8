package dev.mephisto.docs.quickstart;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import dev.mephisto.cli.Cli;

/**
 * The quick start: Wallaroo's word count as a Mephisto app. Lines sent to {@code text} are split
 * into words, lowercased and stripped of punctuation; {@code word-counts} gets each word's running
 * count, keyed by the word, and the {@code word-count-table} table answers {@code get}.
 *
 * <pre>
 * java -jar src-docs/target/mephisto-quickstart.jar worker
 * java -jar src-docs/target/mephisto-quickstart.jar send text "Hello, World! Hello..."
 * java -jar src-docs/target/mephisto-quickstart.jar get word-count-table hello
 * </pre>
 */
public final class WordCountApp {

    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public final App app = App.create("word-count");
    public final Topic<String, String> lines = app.topic("text", Codec.string(), Codec.string());
    public final Topic<String, String> words = app.topic("words", Codec.string(), Codec.string());
    public final Topic<String, Long> counts = app.topic("word-counts", Codec.string(), Codec.int64());
    public final KeyValueTable<String, Long> table = app.table("word-count-table", Codec.string(), Codec.int64());

    public WordCountApp() {
        // tag::agents[]
        app.agent("split", lines, (key, line, ctx) -> {
            for (String word : strip(line.toLowerCase()).split(" ")) {
                String clean = strip(word);
                if (!clean.isEmpty()) {
                    ctx.send(words, clean, clean);     // keyed by word: counts are partitioned by word
                }
            }
        }).sendsTo(words);

        app.agent("count", words, (word, ignored, ctx) ->
                ctx.send(counts, word, ctx.table(table).merge(word, 1L, Long::sum)))
           .sendsTo(counts).uses(table);
        // end::agents[]
    }

    /** Removes punctuation from both ends, as Python's {@code str.strip(string.punctuation)}. */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && PUNCTUATION.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    public static void main(String[] args) {
        Cli.main(args, settings -> new WordCountApp().app);
    }
}
