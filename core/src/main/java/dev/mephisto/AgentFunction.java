package dev.mephisto;

/**
 * The body of an agent: called once per record, in partition order (Faust's
 * {@code async for value in stream}). It may send to the topics its agent declares, and read and
 * write the tables it declares. An exception fails the record, not the caller's code.
 *
 * <pre>{@code
 * app.agent("shout", lines, (key, line, ctx) -> ctx.send(shouted, key, line.toUpperCase()))
 *    .sendsTo(shouted);
 * }</pre>
 */
@FunctionalInterface
public interface AgentFunction<K, V> {

    void process(K key, V value, AgentContext ctx) throws Exception;
}
