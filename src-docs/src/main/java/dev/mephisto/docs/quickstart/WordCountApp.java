package dev.mephisto.docs.quickstart;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import dev.mephisto.cli.Cli;

/**
 * The quick start: Wallaroo's word count as a Mephisto app, shown whole in the repository's README.
 * A record sent to {@code text} is split into lines, each line into words on spaces; words are
 * lowercased and stripped of punctuation at both ends (Python's {@code string.punctuation}, which
 * Java's {@code \p{Punct}} is); {@code word-counts} gets each word's running count, keyed by the
 * word, and the {@code word-count-table} table answers {@code get}.
 *
 * <pre>
 * java -jar src-docs/target/mephisto-quickstart.jar worker
 * java -jar src-docs/target/mephisto-quickstart.jar send text "Hello, World! Hello..."
 * java -jar src-docs/target/mephisto-quickstart.jar get word-count-table hello
 * </pre>
 */
// tag::app[]
public final class WordCountApp {

    public final App app = App.create("word-count");
    public final Topic<String, String> lines = app.topic("text", Codec.string(), Codec.string());
    public final Topic<String, String> words = app.topic("words", Codec.string(), Codec.string());
    public final Topic<String, Long> counts = app.topic("word-counts", Codec.string(), Codec.int64());
    public final KeyValueTable<String, Long> table = app.table("word-count-table", Codec.string(), Codec.int64());

    public WordCountApp() {
        // tag::agents[]
        app.agent("split", lines, (key, text, ctx) -> {
            for (String line : text.split("\\R")) {   // lines first, then words, as Wallaroo
                for (String word : line.toLowerCase().split(" ")) {
                    String clean = word.replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");   // "hello..." -> "hello"
                    if (!clean.isEmpty()) {
                        ctx.send(words, clean, clean);   // keyed by word: counts are partitioned by word
                    }
                }
            }
        }).sendsTo(words);

        app.agent("count", words, (word, ignored, ctx) ->
                ctx.send(counts, word, ctx.table(table).merge(word, 1L, Long::sum)))
           .sendsTo(counts).uses(table);
        // end::agents[]
    }

    public static void main(String[] args) {
        Cli.main(args, settings -> new WordCountApp().app);   // worker | broker | send | get | topology | topics | ...
    }
}
// end::app[]
