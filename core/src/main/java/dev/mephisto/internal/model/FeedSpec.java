package dev.mephisto.internal.model;

import dev.mephisto.Feed;
import dev.mephisto.Topic;

/** A feed as the app declares it: its name, the topic it produces to, and what it emits. */
public record FeedSpec<K, V>(String name, Topic<K, V> topic, Feed<V> feed) {
}
