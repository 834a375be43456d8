package dev.mephisto.chat.filter;

import dev.mephisto.chat.Execution;
import dev.mephisto.chat.SportEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fields a filter may name, per feed, with their types and how to read them from an event.
 * Names are matched without regard to case.
 *
 * <pre>{@code
 * FeedFilter filter = FeedFilter.parse("sport IN (1, 2) AND match_title LIKE 'Lorem%'", FeedSchema.SPORT_EVENTS);
 * }</pre>
 */
public final class FeedSchema {

    /** The fields of {@link SportEvent}. */
    public static final FeedSchema SPORT_EVENTS = new FeedSchema("sport event", SportEvent.class)
            .number("sport_event_id", e -> ((SportEvent) e).sportEventId())
            .number("timetag", e -> ((SportEvent) e).timetag())
            .number("sport", e -> ((SportEvent) e).sport())
            .text("match_title", e -> ((SportEvent) e).matchTitle())
            .text("data_event", e -> ((SportEvent) e).dataEvent());

    /** The fields of {@link Execution}; {@code executionEpoch} and {@code stateSymbol} are accepted too. */
    public static final FeedSchema EXECUTIONS = new FeedSchema("execution", Execution.class)
            .number("execution_id", e -> ((Execution) e).executionId())
            .number("timetag", e -> ((Execution) e).timetag())
            .text("symbol", e -> ((Execution) e).symbol())
            .text("market", e -> ((Execution) e).market())
            .number("price", e -> ((Execution) e).price())
            .number("quantity", e -> ((Execution) e).quantity())
            .number("execution_epoch", e -> ((Execution) e).executionEpoch())
            .text("state_symbol", e -> ((Execution) e).stateSymbol())
            .alias("executionEpoch", "execution_epoch")
            .alias("stateSymbol", "state_symbol");

    /** One field: its name, type and reader. */
    record Field(String name, FieldType type, Function<Object, Object> reader) {
    }

    private final String description;
    private final Class<?> eventType;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Field> byLowerName = new LinkedHashMap<>();

    private FeedSchema(String description, Class<?> eventType) {
        this.description = description;
        this.eventType = eventType;
    }

    private FeedSchema number(String name, Function<Object, Number> reader) {
        return add(new Field(name, FieldType.NUMBER, e -> {
            Number value = reader.apply(e);
            return value == null ? null : value.doubleValue();
        }));
    }

    private FeedSchema text(String name, Function<Object, String> reader) {
        return add(new Field(name, FieldType.TEXT, reader::apply));
    }

    private FeedSchema add(Field field) {
        fields.put(field.name(), field);
        byLowerName.put(field.name().toLowerCase(Locale.ROOT), field);
        return this;
    }

    private FeedSchema alias(String alias, String name) {
        byLowerName.put(alias.toLowerCase(Locale.ROOT), fields.get(name));
        return this;
    }

    /** What the feed carries, in words: {@code sport event} or {@code execution}. */
    public String description() {
        return description;
    }

    /** The class of the events this schema reads. */
    public Class<?> eventType() {
        return eventType;
    }

    /** The field names, in the feed's order. */
    public java.util.List<String> fieldNames() {
        return java.util.List.copyOf(fields.keySet());
    }

    Optional<Field> field(String name) {
        return Optional.ofNullable(byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return description + " fields " + fields.keySet();
    }
}
