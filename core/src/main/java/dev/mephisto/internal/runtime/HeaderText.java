package dev.mephisto.internal.runtime;

import dev.mephisto.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Kafka headers as UTF-8 text, the last value winning for a repeated name. */
public final class HeaderText {

    private HeaderText() {
    }

    public static Map<String, String> of(Headers headers) {
        Map<String, String> text = new LinkedHashMap<>();
        if (headers != null) {
            for (Header header : headers) {
                text.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return Collections.unmodifiableMap(text);
    }

    /** The last value of one header as text, or {@code null}. */
    public static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The source coordinates a dead letter's headers name, for a log line. */
    static String coordinates(Headers headers) {
        return "topic=" + text(headers, DeadLetter.HEADER_TOPIC) + " partition="
                + text(headers, DeadLetter.HEADER_PARTITION) + " offset=" + text(headers, DeadLetter.HEADER_OFFSET);
    }

    /** A message on one line: line breaks become spaces, {@code null} becomes empty. */
    static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
