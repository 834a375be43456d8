package dev.mephisto;

import java.util.Map;

/**
 * What an agent can do while it handles a record: send to its declared topics, read the record's
 * metadata, and use its declared tables. Only valid during the call it was passed to.
 *
 * <pre>{@code
 * (key, payment, ctx) -> {
 *     if (ctx.table(seen).get(key) != null) return;          // duplicate delivery
 *     ctx.table(seen).put(key, ctx.timestamp());
 *     ctx.send(processed, key, attribute(payment), Map.of("ledger", "retail"));
 * }
 * }</pre>
 */
public interface AgentContext {

    /**
     * The Kafka header that carries a request's id through every agent: kept when a record has it,
     * created by the first agent (or the HTTP ingress) otherwise, and copied to every record sent.
     * One spelling, {@code requestId}, for this header, {@link #REQUEST_ID_FIELD} and
     * {@link #REQUEST_ID_MDC_KEY}; HTTP uses the conventional {@link #REQUEST_ID_HTTP_HEADER}.
     *
     * <pre>{@code
     * driver.send(orders, "o-1", order, AppTestDriver.DEFAULT_START, Map.of(AgentContext.REQUEST_ID_HEADER, "r-42"));
     * }</pre>
     */
    String REQUEST_ID_HEADER = "requestId";

    /**
     * The HTTP header that gives the request id to the ingress ({@code POST /topics/<topic>}) and
     * carries it back in the answer: {@code X-Request-Id}, as HTTP proxies and tracers spell it.
     */
    String REQUEST_ID_HTTP_HEADER = "X-Request-Id";

    /** The JSON field that carries the request id in the ingress's answer: {@code requestId}. */
    String REQUEST_ID_FIELD = "requestId";

    /**
     * The logging MDC key that holds the request id while an agent, sink or dead-letter handler
     * works on a record: {@code requestId}, so a log pattern writes {@code %X{requestId}}. With
     * mephisto-logging's setup an agent's record puts it there only when one of its lines is
     * written: in code, read the id with {@link #requestId()}.
     */
    String REQUEST_ID_MDC_KEY = "requestId";

    /** The logging MDC key that holds the agent's name while it handles a record: {@code agent}. */
    String AGENT_MDC_KEY = "agent";

    /**
     * Sends a record to a topic the agent declares with {@link Agent#sendsTo}, with the current
     * record's timestamp and headers.
     *
     * @throws IllegalStateException naming the agent and the topic, when the agent does not
     *     declare it
     */
    <K, V> void send(Topic<K, V> topic, K key, V value);

    /** Like {@link #send(Topic, Object, Object)}, adding or replacing these headers (UTF-8). */
    <K, V> void send(Topic<K, V> topic, K key, V value, Map<String, String> headers);

    /**
     * Like {@link #send(Topic, Object, Object, Map)}, with this timestamp instead of the current
     * record's: for records whose event time is a field of the value.
     *
     * <pre>{@code
     * ctx.send(processed, key, result, Map.of(), result.processedAt());
     * }</pre>
     */
    <K, V> void send(Topic<K, V> topic, K key, V value, Map<String, String> headers, java.time.Instant timestamp);

    /** The agent's name. */
    String agent();

    /** The current record's request id (see {@link #REQUEST_ID_HEADER}); in a timer, {@code null}. */
    String requestId();

    /**
     * Refuses the current record on purpose: it goes to the app's dead-letter topic with this
     * reason, the agent stops handling it (this method throws), and the worker carries on. Write
     * {@code throw ctx.reject(...)} so the compiler knows the code below is not reached.
     *
     * <pre>{@code
     * if (payment.amount().signum() <= 0) {
     *     throw ctx.reject("amount must be positive, got " + payment.amount());
     * }
     * }</pre>
     */
    RuntimeException reject(String reason);

    /** The topic the current record came from (the repartition topic for a re-keyed source). */
    String topic();

    /** The partition of the current record. */
    int partition();

    /** The offset of the current record. */
    long offset();

    /** The current record's timestamp in epoch milliseconds; in a timer, the time it fired. */
    long timestamp();

    /** The wall clock as the worker sees it (advanced by hand in {@code AppTestDriver}). */
    long wallClockMillis();

    /** The current record's headers as UTF-8 text; the last value wins for repeated names. */
    Map<String, String> headers();

    /** One header of the current record as UTF-8 text, or {@code null}. */
    String header(String name);

    /**
     * The agent's view of a table it declares with {@link Agent#uses(Table[])}, of the table's kind: a
     * {@link LocalTable} for a {@link KeyValueTable}, a {@link LocalWindowedTable} for a
     * {@link WindowedTable}.
     *
     * <pre>{@code
     * long total = ctx.table(totals).merge(account, amount, Long::sum);
     * long thisMinute = ctx.table(perMinute).current(page);
     * }</pre>
     *
     * @throws IllegalStateException naming the agent and the table, when the agent does not
     *     declare it
     */
    <L> L table(Table<?, ?, L> table);
}
