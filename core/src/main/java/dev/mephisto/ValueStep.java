package dev.mephisto;

/**
 * A {@link Step} that needs only the value: {@code .step(text -> new Message(text, NEW))}.
 * {@code null} drops the record.
 */
@FunctionalInterface
public interface ValueStep<V, R> {

    R apply(V value) throws Exception;
}
