package dev.mephisto.internal.runtime;

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
}
