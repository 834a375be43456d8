package dev.mephisto;

import java.time.Instant;

/**
 * Where a record sent with a {@link TopicClient} landed: its topic, partition and offset, the
 * request id it carries (header {@value AgentContext#REQUEST_ID_HEADER}) and its timestamp.
 *
 * <pre>{@code
 * Sent sent = client.send(orders, "o-1", order).get(10, TimeUnit.SECONDS);
 * log.info("order o-1 at {}/{}@{} request={}", sent.topic(), sent.partition(), sent.offset(), sent.requestId());
 * }</pre>
 *
 * @param topic the topic written
 * @param partition the partition the record landed in
 * @param offset its offset in that partition
 * @param requestId the request id it carries, given or new
 * @param timestamp the record's timestamp as the broker stored it
 */
public record Sent(String topic, int partition, long offset, String requestId, Instant timestamp) {
}
