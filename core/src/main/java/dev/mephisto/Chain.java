package dev.mephisto;

/**
 * An agent written as a chain of steps (hopeit's {@code __steps__}): each step returns the value
 * the next one receives, a {@code null} drops the record, and the last step's result goes to the
 * chain's output topic under the record's key. Made by {@link App#chain(String, Source)}.
 *
 * <pre>{@code
 * app.chain("send-message", submitted)
 *    .step(data -> new MyMessage(data.text(), Status.NEW))
 *    .step(message -> message.text().length() < 3 ? null : message.withStatus(Status.VALID))
 *    .to(messages);
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value the next step receives
 */
public interface Chain<K, V> {

    /** Appends a step that sees key, value and context. */
    <R> Chain<K, R> step(Step<K, ? super V, ? extends R> step);

    /** Appends a step that sees only the value. */
    <R> Chain<K, R> step(ValueStep<? super V, ? extends R> step);

    /** Sends the last step's results to {@code output}, which the app must declare. */
    Agent to(Topic<K, V> output);

    /** The chain as an agent without an output, to declare tables, timers or extra topics. */
    Agent agent();
}
