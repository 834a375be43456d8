package dev.mephisto.internal.runtime;

import dev.mephisto.AgentContext;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads a record's request id, or gives it a new one. */
public final class RequestIds {

    /**
     * The header name of Mephisto 0.1, read after {@link AgentContext#REQUEST_ID_HEADER} so a record
     * written before an upgrade keeps its id (and carries it on under the new name).
     */
    static final String LEGACY_HEADER = "request-id";

    /** Per byte value, its two lowercase hex digits: the first in the high byte. */
    private static final short[] HEX_PAIRS = new short[256];

    static {
        byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < HEX_PAIRS.length; i++) {
            HEX_PAIRS[i] = (short) (digits[i >>> 4] << 8 | digits[i & 0xF]);
        }
    }

    private RequestIds() {
    }

    /** The request id in {@code headers} (under its name, or the 0.1 name), or {@code null}. */
    public static String find(Headers headers) {
        String id = text(headers.lastHeader(AgentContext.REQUEST_ID_HEADER));
        return id != null ? id : text(headers.lastHeader(LEGACY_HEADER));
    }

    /** The request id in {@code headers}, added first under {@link AgentContext#REQUEST_ID_HEADER} when there is none. */
    public static String ensure(Headers headers) {
        return new String(ensureBytes(headers), StandardCharsets.UTF_8);
    }

    /**
     * As {@link #ensure}, but the id as the header's UTF-8 bytes: a record that comes with an id
     * costs no decoding (its text is made only when a log line or the agent's code asks for it).
     */
    public static byte[] ensureBytes(Headers headers) {
        byte[] found = bytes(headers.lastHeader(AgentContext.REQUEST_ID_HEADER));
        if (found != null) {
            return found;
        }
        // a 0.1 record's id carries on under the new name; a record without one gets one
        byte[] id = bytes(headers.lastHeader(LEGACY_HEADER));
        if (id == null) {
            id = newIdBytes();
        }
        headers.add(AgentContext.REQUEST_ID_HEADER, id);
        return id;
    }

    private static byte[] bytes(Header header) {
        return header == null || header.value() == null || header.value().length == 0 ? null : header.value();
    }

    private static String text(Header header) {
        byte[] value = bytes(header);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** A random (version 4) UUID in its usual text form, for a caller that wants it as text. */
    public static String newId() {
        return new String(newIdBytes(), StandardCharsets.ISO_8859_1);
    }

    /**
     * A random (version 4) UUID in its usual text form, as the 36 ASCII bytes a header carries. This
     * runs for every record that arrives without an id: no SecureRandom, and the digits written two
     * at a time straight into the header's bytes, with no {@link UUID} or String in between (half
     * the allocation of {@code UUID.toString().getBytes(...)}, and about a third less time).
     */
    static byte[] newIdBytes() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L;
        byte[] id = new byte[36];
        hex(most >>> 32, id, 0, 4);
        id[8] = '-';
        hex(most >>> 16, id, 9, 2);
        id[13] = '-';
        hex(most, id, 14, 2);
        id[18] = '-';
        hex(least >>> 48, id, 19, 2);
        id[23] = '-';
        hex(least, id, 24, 6);
        return id;
    }

    /** Writes the low {@code bytes} bytes of {@code value} as lowercase hex digits into {@code id} from {@code at}. */
    private static void hex(long value, byte[] id, int at, int bytes) {
        for (int i = at + 2 * bytes - 2; i >= at; i -= 2) {
            short pair = HEX_PAIRS[(int) value & 0xFF];
            id[i] = (byte) (pair >>> 8);
            id[i + 1] = (byte) pair;
            value >>>= 8;
        }
    }
}
