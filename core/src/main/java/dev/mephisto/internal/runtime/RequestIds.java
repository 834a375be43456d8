package dev.mephisto.internal.runtime;

import dev.mephisto.AgentContext;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads a record's request id, or gives it a new one. */
public final class RequestIds {

    private RequestIds() {
    }

    /** The request id in {@code headers}, added first when there is none. */
    public static String ensure(Headers headers) {
        Header header = headers.lastHeader(AgentContext.REQUEST_ID_HEADER);
        if (header != null && header.value() != null && header.value().length > 0) {
            return new String(header.value(), StandardCharsets.UTF_8);
        }
        String id = newId();
        headers.add(AgentContext.REQUEST_ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
        return id;
    }

    /** A random (version 4) UUID, without SecureRandom's cost on the per-record path. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
