package dev.mephisto.cli;

/**
 * A command that uses Kafka as a client and ends (send, dlq, reset): it reports a failure in one line of its own,
 * so {@link Cli} silences Kafka's client logs while it runs ({@link QuietKafkaLogs}). The worker is not one.
 */
interface ClientCommand {
}
