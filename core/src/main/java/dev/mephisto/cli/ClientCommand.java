package dev.mephisto.cli;

/**
 * A command that uses Kafka as a client (send, dlq, reset, an app's interactive client): it reports a failure in its
 * own words, so {@link Cli} silences Kafka's client logs while it runs, and the client's reconnect warnings
 * ("Connection to node -1 could not be established", dozens while a worker restarts) never reach the user's screen.
 * The worker is not one. An app's own command opts in by implementing it:
 *
 * <pre>{@code
 * @Command(name = "chat")
 * final class ChatClientCommand implements Callable<Integer>, ClientCommand { ... }
 * }</pre>
 */
public interface ClientCommand {
}
