package dev.mephisto.testing;

import java.time.Instant;
import java.util.Map;

/**
 * A record an app wrote to one of its topics, as {@link AppTestDriver#read} returns it.
 *
 * <pre>{@code
 * OutputRecord<String, Long> first = driver.read(counts).get(0);
 * assertEquals("hello", first.key());
 * }</pre>
 */
public record OutputRecord<K, V>(K key, V value, Instant timestamp, Map<String, String> headers) {
}
