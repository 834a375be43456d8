package dev.mephisto;

import java.time.Duration;
import java.util.List;

/**
 * A declared agent: a function over every record of its sources, compiled to a Kafka Streams
 * processor named after it. Made by {@link App#agent} or {@link App#chain}; the methods below
 * declare what it sends to, which tables it uses and its timers, so the topology can be wired and
 * checked before anything runs.
 *
 * <pre>{@code
 * app.agent("attribute", received, (key, payment, ctx) -> ctx.send(processed, key, attribute(payment)))
 *    .sendsTo(processed)
 *    .uses(balances)
 *    .onWallClock(Duration.ofMinutes(1), ctx -> log.info("still here"));
 * }</pre>
 */
public interface Agent {

    /** The agent's name: its processor's name and the prefix of everything derived from it. */
    String name();

    /** The names of the topics (or re-keys) it reads. */
    List<String> sources();

    /** The names of the topics it declares it sends to. */
    List<String> sendsTo();

    /** The names of the tables it declares it uses. */
    List<String> tables();

    /** Declares topics this agent may send to; each must be declared on the app. */
    Agent sendsTo(Topic<?, ?>... topics);

    /**
     * Declares tables of either kind this agent reads or writes; each must be declared on the app.
     * {@code .uses(balances, perMinute)}
     */
    Agent uses(Table<?, ?, ?>... tables);

    /** Calls {@code timer} every {@code interval} of wall-clock time, per partition. */
    Agent onWallClock(Duration interval, Timer timer);

    /** Calls {@code timer} every {@code interval} of stream time (advanced by records), per partition. */
    Agent onStreamTime(Duration interval, Timer timer);
}
