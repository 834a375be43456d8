package dev.mephisto;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link Topic#dedupe(String, Dedupe)} recognises a record it has seen: by an id read from the
 * value, remembered for a retention of event time. An immutable value: make it with
 * {@link #by(Function, Codec)}, copy it with {@link #within(Duration)} and
 * {@link #rejectingConflicts(Function)}.
 *
 * <pre>{@code
 * Dedupe<PaymentReceived, String> once = Dedupe.by(PaymentReceived::paymentId, Codec.string())
 *         .within(Duration.ofHours(24))
 *         .rejectingConflicts(PaymentReceived::fingerprint);
 * }</pre>
 *
 * @param <V> value type
 * @param <I> id type
 */
public final class Dedupe<V, I> {

    /** The retention unless told otherwise: 24 hours, the usual life of an idempotency key. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    private final Function<V, I> id;
    private final Codec<I> idCodec;
    private final Duration within;
    private final Function<V, ?> content;

    private Dedupe(Function<V, I> id, Codec<I> idCodec, Duration within, Function<V, ?> content) {
        this.id = id;
        this.idCodec = idCodec;
        this.within = within;
        this.content = content;
    }

    /** Records with equal {@code id} are one record; the id becomes the key of what the dedupe reads out. */
    public static <V, I> Dedupe<V, I> by(Function<V, I> id, Codec<I> idCodec) {
        Objects.requireNonNull(id, "id can't be null");
        Objects.requireNonNull(idCodec, "idCodec can't be null");
        return new Dedupe<>(id, idCodec, DEFAULT_RETENTION, null);
    }

    /**
     * A copy that remembers an id for {@code retention} of event time after it was first seen; a
     * copy older than that is a new record.
     */
    public Dedupe<V, I> within(Duration retention) {
        Objects.requireNonNull(retention, "retention can't be null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("a dedupe needs a positive retention, got " + retention);
        }
        return new Dedupe<>(id, idCodec, retention, content);
    }

    /**
     * A copy that sends a record with a seen id but a different {@code content} (compared with
     * {@code equals} on its text) to the dead-letter topic as {@code rejected}, instead of dropping it
     * as a copy: the same id must not mean two different things.
     */
    public Dedupe<V, I> rejectingConflicts(Function<V, ?> content) {
        Objects.requireNonNull(content, "content can't be null");
        return new Dedupe<>(id, idCodec, within, content);
    }

    /** Reads the id of a value. */
    public Function<V, I> id() {
        return id;
    }

    /** The codec of the ids: the key codec of the deduplicated source. */
    public Codec<I> idCodec() {
        return idCodec;
    }

    /** How long an id is remembered, in event time. */
    public Duration retention() {
        return within;
    }

    /** What must be equal for two records of one id to be copies, or {@code null} when copies are not checked. */
    public Function<V, ?> content() {
        return content;
    }

    @Override
    public String toString() {
        return "Dedupe(within " + within + (content == null ? "" : ", rejecting conflicts") + ")";
    }
}
