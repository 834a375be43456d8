package dev.mephisto;

/**
 * One step of a {@link Chain} (hopeit's {@code __steps__}): takes a value, returns the next one;
 * {@code null} drops the record.
 *
 * <pre>{@code
 * app.chain("validate", submitted)
 *    .step((key, message, ctx) -> message.text().length() < 3 ? null : message.withStatus(VALID))
 *    .to(valid);
 * }</pre>
 */
@FunctionalInterface
public interface Step<K, V, R> {

    R apply(K key, V value, AgentContext ctx) throws Exception;
}
