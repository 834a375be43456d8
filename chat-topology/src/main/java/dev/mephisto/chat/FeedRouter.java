package dev.mephisto.chat;

import dev.mephisto.chat.filter.FeedFilter;
import dev.mephisto.chat.filter.FeedSchema;
import dev.mephisto.chat.filter.FilterException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
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

    static void build(ChatApp chat, StreamsBuilder builder) {
        // a global store, not builder.globalTable: a record that does not decode is dead-lettered, also on restore
        chat.directory.globalStore(builder, ChatApp.DIRECTORY_STORE);
        chat.sportEvents.stream(builder)
                .process(() -> new Route<>(FeedSchema.SPORT_EVENTS, RoomState::sportFilter,
                        (member, room, event) -> Delivery.event(member, room, event)), Named.as("route-sport-events"))
                .to(chat.deliveries.name(), chat.deliveries.produced().withName("deliver-sport-events"));
        chat.executions.stream(builder)
                .process(() -> new Route<>(FeedSchema.EXECUTIONS, RoomState::executionFilter,
                        (member, room, event) -> Delivery.execution(member, room, event)), Named.as("route-executions"))
                .to(chat.deliveries.name(), chat.deliveries.produced().withName("deliver-executions"));
    }

    @FunctionalInterface
    private interface Wrap<E> {
        Delivery wrap(Member member, int room, E event);
    }

    /** One feed's router: for each event, each room in the directory, each member when the filter passes. */
    private static final class Route<E> implements Processor<String, E, String, Delivery> {

        private static final Logger log = LoggerFactory.getLogger(FeedRouter.class);
        private static final int CACHE_LIMIT = 1_000;

        private final FeedSchema schema;
        private final Function<RoomState, String> filterOf;
        private final Wrap<E> wrap;
        private final Map<String, FeedFilter> parsed = new HashMap<>();
        private ProcessorContext<String, Delivery> context;
        private KeyValueStore<String, ValueAndTimestamp<RoomState>> directory;

        Route(FeedSchema schema, Function<RoomState, String> filterOf, Wrap<E> wrap) {
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
                return;
            }
            try (KeyValueIterator<String, ValueAndTimestamp<RoomState>> rooms = directory.all()) {
                while (rooms.hasNext()) {
                    KeyValue<String, ValueAndTimestamp<RoomState>> entry = rooms.next();
                    RoomState room = entry.value == null ? null : entry.value.value();
                    if (room == null || room.members().isEmpty() || !filter(room).matches(event)) {
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
                // the rooms stage only stores filters that parse; deliver nothing rather than guess
                log.warn("room filter does not parse room={} filter=\"{}\" error=\"{}\"", room.room(), text,
                        e.getMessage());
                return FeedFilter.nothing();
            }
            if (parsed.size() >= CACHE_LIMIT) {
                parsed.clear();
            }
            parsed.put(text, filter);
            return filter;
        }
    }
}
