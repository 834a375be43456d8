package dev.mephisto;

/**
 * Delivers a topic's records to something that is not Kafka (Wallaroo's sinks, hopeit's saved
 * files), declared with {@link App#sink(String, Topic, Sink)}. It runs outside the stream threads,
 * in its own consumer group, so a slow or failing sink never stalls agents. A write that throws is
 * retried with backoff until it succeeds; offsets advance only after successful writes, so a
 * record may be written again after a crash: write idempotently (see {@link SinkRecord#id()}).
 *
 * <pre>{@code
 * app.sink("archive", processed, Sinks.jsonFiles(Path.of("processed")));
 * app.sink("print", processed, record -> System.out.println(record.value()));
 * }</pre>
 */
@FunctionalInterface
public interface Sink<K, V> {

    void write(SinkRecord<K, V> record) throws Exception;
}
