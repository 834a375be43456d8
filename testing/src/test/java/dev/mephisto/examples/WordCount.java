package dev.mephisto.examples;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;

/**
 * Wallaroo's word count: lines are lowercased and stripped of surrounding punctuation, split on
 * spaces into words (each stripped too, empty ones dropped), and every occurrence of a word emits
 * its running count, keyed by the word. Splitting sends each word to {@code words} keyed by the
 * word, so the counting agent's table is partitioned by word.
 */
public final class WordCount {

    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public final App app;
    public final Topic<String, String> lines;
    public final Topic<String, String> words;
    public final Topic<String, Long> counts;
    public final KeyValueTable<String, Long> countTable;

    public WordCount() {
        this(App.create("word-count"));
    }

    /** The word count on an app created elsewhere, for example with exactly-once and 3 replicas. */
    public WordCount(App app) {
        this.app = app;
        lines = app.topic("text", Codec.string(), Codec.string());
        words = app.topic("words", Codec.string(), Codec.string());
        counts = app.topic("word-counts", Codec.string(), Codec.int64());
        countTable = app.table("word-count-table", Codec.string(), Codec.int64());
        app.agent("split", lines, (key, line, ctx) -> {
            for (String word : strip(line.toLowerCase()).split(" ")) {
                String clean = strip(word);
                if (!clean.isEmpty()) {
                    ctx.send(words, clean, clean);
                }
            }
        }).sendsTo(words);
        app.agent("count", words, (word, ignored, ctx) -> {
            long count = ctx.table(countTable).merge(word, 1L, Long::sum);
            ctx.send(counts, word, count);
        }).sendsTo(counts).uses(countTable);
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
}
