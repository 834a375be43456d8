package dev.mephisto.internal.runtime;

import dev.mephisto.AgentContext;
import dev.mephisto.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Cuts a dead letter to fit under a size limit, so that writing it can never fail for its size:
 * the error headers stay, the original key and value are cut to prefixes, and headers say what was
 * cut, the original sizes and their SHA-256 digests.
 */
final class DeadLetterFit {

    /** Room kept for what the estimate cannot see (a producer's own headers, rounding). */
    static final int MARGIN = 512;
    /** A record batch's fixed header (Kafka's {@code DefaultRecordBatch.RECORD_BATCH_OVERHEAD}). */
    private static final int BATCH_OVERHEAD = 61;
    /** A record's fixed fields at their largest: length, attributes, timestamp and offset deltas, header count. */
    private static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5;
    private static final int VARINT = 5;

    private DeadLetterFit() {
    }

    /** A dead letter's key and value after fitting; {@code cut} says whether anything was cut. */
    record Fitted(byte[] key, byte[] value, boolean cut) {
    }

    /**
     * An upper bound of the bytes one record takes on the wire, alone in its batch: never less than
     * what the producer checks against {@code max.request.size} or the broker against
     * {@code max.message.bytes}.
     */
    static long size(byte[] key, byte[] value, Iterable<Header> headers) {
        long size = BATCH_OVERHEAD + RECORD_OVERHEAD + VARINT + length(key) + VARINT + length(value);
        for (Header header : headers) {
            size += VARINT + header.key().getBytes(StandardCharsets.UTF_8).length + VARINT + length(header.value());
        }
        return size;
    }

    /**
     * Fits a dead letter under {@code limit} bytes (see {@link #size}); adds the truncation headers
     * to {@code headers} when it cuts.
     */
    static Fitted fit(byte[] key, byte[] value, RecordHeaders headers, int limit) {
        if (size(key, value, headers) <= limit) {
            return new Fitted(key, value, false);
        }
        put(headers, DeadLetter.HEADER_ORIGINAL_KEY_SIZE, Integer.toString(key == null ? -1 : key.length));
        put(headers, DeadLetter.HEADER_ORIGINAL_VALUE_SIZE, Integer.toString(value == null ? -1 : value.length));
        if (key != null) {
            put(headers, DeadLetter.HEADER_ORIGINAL_KEY_SHA256, sha256(key));
        }
        if (value != null) {
            put(headers, DeadLetter.HEADER_ORIGINAL_VALUE_SHA256, sha256(value));
        }
        List<String> cut = new ArrayList<>();
        put(headers, DeadLetter.HEADER_TRUNCATED, "key,value,headers"); // the longest it can be, for the budget
        long room = limit - size(empty(key), empty(value), headers);
        if (room < 0) {
            dropOriginalHeaders(headers);
            cut.add("headers");
            room = Math.max(0, limit - size(empty(key), empty(value), headers));
        }
        int keyLength = length(key);
        int valueLength = length(value);
        // the key is usually small: it keeps all of itself when the value can give way, else half the room
        int keyRoom = (int) Math.min(keyLength, Math.max(room / 2, room - valueLength));
        int valueRoom = (int) Math.min(valueLength, room - keyRoom);
        byte[] fittedKey = key == null || keyRoom == keyLength ? key : Arrays.copyOf(key, keyRoom);
        byte[] fittedValue = value == null || valueRoom == valueLength ? value : Arrays.copyOf(value, valueRoom);
        if (fittedKey != key) {
            cut.add(0, "key");
        }
        if (fittedValue != value) {
            cut.add(fittedKey != key ? 1 : 0, "value");
        }
        put(headers, DeadLetter.HEADER_TRUNCATED, String.join(",", cut));
        return new Fitted(fittedKey, fittedValue, true);
    }

    /** Drops the original record's own headers, keeping Mephisto's and the request id. */
    private static void dropOriginalHeaders(RecordHeaders headers) {
        List<String> drop = new ArrayList<>();
        for (Header header : headers) {
            if (!header.key().startsWith("mephisto.") && !header.key().equals(AgentContext.REQUEST_ID_HEADER)) {
                drop.add(header.key());
            }
        }
        drop.forEach(headers::remove);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
        }
    }

    private static byte[] empty(byte[] bytes) {
        return bytes == null ? null : new byte[0];
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
