package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams hands a dead letter that fails to send back to the production handler, like any
 * record: the handler must neither retry it nor dead-letter it again (a loop), only log and count it.
 */
class DeadLetterHandlersTest {

    private final DeadLetterTopic deadLetters = new DeadLetterTopic();
    private final DeadLetterHandlers.Production handler = new DeadLetterHandlers.Production();

    DeadLetterHandlersTest() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "orders.dlq",
                DeadLetterTopic.CONFIG, deadLetters));
    }

    @Test
    void shouldCountAndSkipADeadLetterThatCannotBeWrittenWithoutLooping() {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHandlers.describe(headers, DeadLetter.Kind.DECODE, new IllegalArgumentException("bad"), false, "orders", 1,
                7, null);
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>("orders.dlq", null, new byte[1], new byte[1], headers);

        for (Exception failure : new Exception[] {new RecordTooLargeException("too large"), new TimeoutException("slow")}) {
            ProductionExceptionHandler.Response response = handler.handleError(context(), letter, failure);
            assertEquals(ProductionExceptionHandler.Result.RESUME, response.result(), "never RETRY, never FAIL");
            assertTrue(response.deadLetterQueueRecords().isEmpty(), "never a dead letter of a dead letter");
        }
        assertEquals(2, deadLetters.failed());
    }

    @Test
    void shouldDeadLetterARecordTheAgentSentThatIsTooLarge() {
        ProducerRecord<byte[], byte[]> sent = new ProducerRecord<>("words", new byte[2], new byte[2]);
        ProductionExceptionHandler.Response response = handler.handleError(context(), sent,
                new RecordTooLargeException("too large"));
        assertEquals(1, response.deadLetterQueueRecords().size());
        assertEquals("orders.dlq", response.deadLetterQueueRecords().get(0).topic());
        assertEquals(0, deadLetters.failed());
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return "text"; }
            public int partition() { return 0; }
            public long offset() { return 3; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "split-to-words"; }
            public TaskId taskId() { return new TaskId(0, 0); }
            public long timestamp() { return 0; }
            public byte[] sourceRawKey() { return new byte[] {1}; }
            public byte[] sourceRawValue() { return new byte[] {2}; }
        };
    }
}
