package dev.mephisto;

/**
 * Feeds a topic from outside Kafka (Wallaroo's sources), declared with
 * {@link App#feed(String, Topic, Feed)}; the worker runs it in its own thread and produces what
 * it emits. Text that does not parse as the topic's value goes to the dead-letter topic.
 *
 * <pre>{@code
 * app.feed("lines", lines, Feeds.lines(Path.of("input.txt")));
 * }</pre>
 */
@FunctionalInterface
public interface Feed<V> {

    /** Emits values until there are no more (or the worker stops it by interrupting the thread). */
    void run(Emitter<V> out) throws Exception;

    /** Where a feed puts what it reads. */
    interface Emitter<V> {

        /** Produces a value typed by a person or a file: parsed with the topic's value codec. */
        void emitText(String text);

        /** Produces a value. */
        void emit(V value);
    }
}
