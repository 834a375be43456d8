package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.CompressionType;
import org.junit.jupiter.api.Test;

class DeadLetterFitTest {

    private static final int LIMIT = 1_048_576 - DeadLetterFit.MARGIN;

    @Test
    void shouldLeaveADeadLetterThatFitsAsItIs() {
        byte[] key = bytes("k1");
        byte[] value = bytes("{\"a\":1}");
        RecordHeaders headers = headers();
        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(key, value, headers, LIMIT);
        assertFalse(fitted.cut());
        assertSame(value, fitted.value());
        assertNull(headers.lastHeader(DeadLetter.HEADER_TRUNCATED));
    }

    @Test
    void shouldCutTheValueOfAnOversizedDeadLetterAndSayWhatTheOriginalWas() {
        // the case: a 1,048,400-byte value became a 1,049,274-byte dead letter
        byte[] value = new byte[1_048_400];
        Arrays.fill(value, (byte) 'x');
        byte[] key = bytes("k1");
        RecordHeaders headers = headers();
        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(key, value, headers, LIMIT);

        assertTrue(fitted.cut());
        assertArrayEquals(key, fitted.key(), "a small key is kept whole");
        assertTrue(fitted.value().length > 1_000_000, "as much of the value as fits: " + fitted.value().length);
        assertEquals("value", text(headers, DeadLetter.HEADER_TRUNCATED));
        assertEquals("1048400", text(headers, DeadLetter.HEADER_ORIGINAL_VALUE_SIZE));
        assertEquals("2", text(headers, DeadLetter.HEADER_ORIGINAL_KEY_SIZE));
        assertEquals(DeadLetterFit.sha256(value), text(headers, DeadLetter.HEADER_ORIGINAL_VALUE_SHA256));
        assertEquals(64, text(headers, DeadLetter.HEADER_ORIGINAL_VALUE_SHA256).length());
        assertEquals("orders", text(headers, DeadLetter.HEADER_TOPIC), "the error headers stay");
        assertEquals("trace-1", text(headers, "traceparent"), "the original headers stay");
        assertTrue(kafkasEstimate(fitted, headers) <= 1_048_576, "the producer takes it");
        assertTrue(DeadLetterFit.size(fitted.key(), fitted.value(), headers) <= LIMIT);
    }

    @Test
    void shouldCutAHugeKeyToo() {
        byte[] key = new byte[2_000_000];
        byte[] value = new byte[2_000_000];
        RecordHeaders headers = headers();
        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(key, value, headers, LIMIT);
        assertEquals("key,value", text(headers, DeadLetter.HEADER_TRUNCATED));
        assertTrue(kafkasEstimate(fitted, headers) <= 1_048_576);
        assertTrue(fitted.key().length > 400_000 && fitted.value().length > 400_000);
    }

    @Test
    void shouldDropTheOriginalHeadersOnlyWhenTheyAloneDoNotFit() {
        RecordHeaders headers = headers();
        headers.add("huge", new byte[LIMIT]);
        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(bytes("k"), bytes("v"), headers, LIMIT);
        assertEquals("headers", text(headers, DeadLetter.HEADER_TRUNCATED));
        assertNull(headers.lastHeader("huge"));
        assertEquals("orders", text(headers, DeadLetter.HEADER_TOPIC));
        assertArrayEquals(bytes("v"), fitted.value());
        assertTrue(kafkasEstimate(fitted, headers) <= 1_048_576);
    }

    @Test
    void shouldBoundTheMessageHeaderOfAnError() {
        String cut = DeadLetterHandlers.cut("x".repeat(50_000), DeadLetter.MAX_MESSAGE_CHARS);
        assertEquals(DeadLetter.MAX_MESSAGE_CHARS, cut.length());
        assertTrue(cut.endsWith("... (50000 characters)"), cut.substring(cut.length() - 40));
    }

    /** What the producer checks against max.request.size. */
    private static int kafkasEstimate(DeadLetterFit.Fitted fitted, RecordHeaders headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("dlq", null, fitted.key(), fitted.value(), headers);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                record.key(), record.value(), record.headers().toArray());
    }

    private static RecordHeaders headers() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", bytes("trace-1"));
        DeadLetterHandlers.describe(headers, DeadLetter.Kind.DECODE, new IllegalArgumentException("not JSON"), false, "orders",
                0, 42, null);
        return headers;
    }

    private static String text(RecordHeaders headers, String name) {
        return headers.lastHeader(name) == null ? null : new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
