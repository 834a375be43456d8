package dev.mephisto.internal.model;

import dev.mephisto.Sink;
import dev.mephisto.Topic;

/** A sink as the app declares it: its name (which names its consumer group), the topic it drains, and where to. */
public record SinkSpec<K, V>(String name, Topic<K, V> topic, Sink<K, V> sink) {
}
