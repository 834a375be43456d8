package dev.mephisto;

/**
 * A periodic callback of an agent (Faust's {@code @app.timer}), registered with
 * {@link Agent#onWallClock} or {@link Agent#onStreamTime}. It runs once per interval for each
 * partition the worker owns, with that partition's part of the agent's tables; its context has no
 * current record, and {@link AgentContext#timestamp()} is the time it fired.
 *
 * <pre>{@code
 * app.agent("presence", heartbeats, ...)
 *    .uses(lastSeen)
 *    .onWallClock(Duration.ofSeconds(5), ctx -> expireIdleSessions(ctx));
 * }</pre>
 */
@FunctionalInterface
public interface Timer {

    void fire(AgentContext ctx) throws Exception;
}
