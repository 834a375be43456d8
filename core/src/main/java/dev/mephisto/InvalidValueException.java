package dev.mephisto;

/**
 * A value was refused before anything was sent: the topic's {@link Topic#withValidator validator}
 * found a problem with it. Nothing reached Kafka.
 *
 * <pre>{@code
 * try {
 *     client.send(orders, order);
 * } catch (InvalidValueException e) {
 *     return badRequest(e.getMessage());   // the value fails the check of topic 'orders': customer is required
 * }
 * }</pre>
 */
public class InvalidValueException extends IllegalArgumentException {

    private final String topic;
    private final String problem;

    public InvalidValueException(String topic, String problem) {
        super("the value fails the check of topic '" + topic + "': " + problem);
        this.topic = topic;
        this.problem = problem;
    }

    /** The topic whose validator refused the value. */
    public String topic() {
        return topic;
    }

    /** What the validator said, as in {@code customer is required}. */
    public String problem() {
        return problem;
    }
}
