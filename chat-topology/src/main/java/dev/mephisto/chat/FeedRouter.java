package dev.mephisto.chat;

import dev.mephisto.chat.filter.FeedFilter;
import dev.mephisto.chat.filter.FeedSchema;
import dev.mephisto.chat.filter.FilterException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import dev.mephisto.DslBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers feed events to the members of every room whose filter passes them. The rooms stage
 * publishes each non-empty room to the compacted {@code chat-room-directory}; every worker reads all
 * of it as a global table, so a feed event, on whatever partition, is routed in one step. Written
 * with the Kafka Streams DSL because Mephisto agents have no global tables yet (see
 * CORE-REQUESTS.md).
 */
final class FeedRouter {

    private FeedRouter() {
    }

    static void build(ChatApp chat, DslBuilder builder) {
        // a global store, not builder.globalTable: a record that does not decode is dead-lettered, also on restore
        chat.directory.globalStore(builder, ChatApp.DIRECTORY_STORE);
        // at the edge: one record per room whose filter passes, keyed by the room, for the gateways to fan out
        boolean edge = chat.options.fanOut() == FanOut.EDGE;
        var out = edge ? chat.roomEvents : chat.deliveries;
        chat.sportEvents.stream(builder)
                .process(() -> new Route<>(chat.sportEvents.name(), FeedSchema.SPORT_EVENTS, RoomState::sportFilter,
                        Delivery::event, edge), Named.as("route-sport-events"))
                .to(out.name(), out.produced().withName("deliver-sport-events"));
        chat.executions.stream(builder)
                .process(() -> new Route<>(chat.executions.name(), FeedSchema.EXECUTIONS, RoomState::executionFilter,
                        Delivery::execution, edge), Named.as("route-executions"))
                .to(out.name(), out.produced().withName("deliver-executions"));
    }

    /**
     * A feed record that is no event: core's handler sends it to the dead-letter topic (as
     * {@code agent-failed}, the kind for anything a DSL block throws) and the router goes on. Bad
     * input, not a bug: no stack trace.
     */
    static final class NotAnEvent extends RuntimeException {
        NotAnEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Wrap<E> {
        Delivery wrap(Member member, int room, E event);
    }

    /** One feed's router: for each event, each room in the directory, each member when the filter passes. */
    private static final class Route<E> implements Processor<String, E, String, Delivery> {

        private static final Logger log = LoggerFactory.getLogger(FeedRouter.class);
        private static final int CACHE_LIMIT = 1_000;

        private final String topic;
        private final FeedSchema schema;
        private final Function<RoomState, String> filterOf;
        private final Wrap<E> wrap;
        private final boolean edge;
        private final Map<String, FeedFilter> parsed = new HashMap<>();
        private ProcessorContext<String, Delivery> context;
        private KeyValueStore<String, ValueAndTimestamp<RoomState>> directory;

        Route(String topic, FeedSchema schema, Function<RoomState, String> filterOf, Wrap<E> wrap, boolean edge) {
            this.edge = edge;
            this.topic = topic;
            this.schema = schema;
            this.filterOf = filterOf;
            this.wrap = wrap;
        }

        @Override
        public void init(ProcessorContext<String, Delivery> context) {
            this.context = context;
            this.directory = context.getStateStore(ChatApp.DIRECTORY_STORE);
        }

        @Override
        public void process(Record<String, E> record) {
            E event = record.value();
            if (event == null) {
                String what = schema.description();
                throw new NotAnEvent(Tombstones.reason(topic, record.key(),
                        ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what));
            }
            try (KeyValueIterator<String, ValueAndTimestamp<RoomState>> rooms = directory.all()) {
                while (rooms.hasNext()) {
                    KeyValue<String, ValueAndTimestamp<RoomState>> entry = rooms.next();
                    RoomState room = entry.value == null ? null : entry.value.value();
                    if (room == null || room.members().isEmpty() || !filter(room).matches(event)) {
                        continue;
                    }
                    if (edge) {
                        context.forward(record.withKey(entry.key).withValue(wrap.wrap(null, room.room(), event)));
                        continue;
                    }
                    for (Member member : room.members()) {
                        context.forward(record.withKey(member.user()).withValue(wrap.wrap(member, room.room(), event)));
                    }
                }
            }
        }

        private FeedFilter filter(RoomState room) {
            String text = filterOf.apply(room);
            FeedFilter filter = parsed.get(text);
            if (filter != null) {
                return filter;
            }
            try {
                filter = FeedFilter.parse(text, schema);
            } catch (FilterException e) {
                // the rooms stage only stores filters that parse, but one stored by an older version may not
                // (deeper than today's nesting limit): deliver nothing rather than guess, and say so once
                log.warn("room filter does not parse room={} filter=\"{}\" error=\"{}\"", room.room(), text,
                        e.getMessage());
                filter = FeedFilter.nothing();
            }
            if (parsed.size() >= CACHE_LIMIT) {
                parsed.clear();
            }
            parsed.put(text, filter);
            return filter;
        }
    }
}
