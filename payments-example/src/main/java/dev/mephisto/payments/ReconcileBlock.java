package dev.mephisto.payments;

import dev.mephisto.StreamsBlock;
import dev.mephisto.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import dev.mephisto.DslBuilder;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@code reconcile} DSL block: valid received payments joined with processed ones by paymentId
 * in Kafka Streams' windowed join, on business time (receivedAt against processedAt, within the
 * window, with grace for late records), each paymentId reported once to {@code payments-reconciled}.
 *
 * <p>Two details the plain join does not give: the records are re-stamped with their business
 * times (an agent's output carries its input's timestamp), and a duplicate delivery of a received
 * payment would join a second time, so a small named store lets only the first match through.
 */
final class ReconcileBlock implements StreamsBlock {

    /** The join's name, and the prefix of its two window stores and their changelogs. */
    static final String JOIN = "reconcile-join";
    /** The store of paymentIds already reconciled. */
    static final String MATCHED_STORE = "reconcile-matched";

    private final PaymentsSettings settings;
    private final Topic<String, PaymentReceived> received;
    private final Topic<String, PaymentProcessed> processed;
    private final Topic<String, Reconciled> reconciled;

    ReconcileBlock(PaymentsSettings settings, Topic<String, PaymentReceived> received,
            Topic<String, PaymentProcessed> processed, Topic<String, Reconciled> reconciled) {
        this.settings = settings;
        this.received = received;
        this.processed = processed;
        this.reconciled = reconciled;
    }

    @Override
    public void build(DslBuilder builder) {
        KStream<String, PaymentReceived> validReceived = received.stream(builder)
                .filter((paymentId, payment) -> paymentId != null && settings.rules().isValid(payment)
                        && paymentId.equals(payment.paymentId()), Named.as("reconcile-valid-received"))
                .processValues(() -> new Restamp<>(PaymentReceived::receivedAt), Named.as("reconcile-stamp-received"));
        KStream<String, PaymentProcessed> processedByTime = processed.stream(builder)
                .filter((paymentId, payment) -> paymentId != null && payment != null && payment.processedAt() != null
                        && payment.receivedAt() != null, Named.as("reconcile-complete-processed"))
                .processValues(() -> new Restamp<>(PaymentProcessed::processedAt),
                        Named.as("reconcile-stamp-processed"));

        builder.kafka().addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MATCHED_STORE),
                Serdes.String(), Serdes.Long()));
        Duration forgetAfter = settings.reconcileWindow().plus(settings.reconcileGrace()).multipliedBy(2);
        validReceived
                .join(processedByTime, Reconciled::of,
                        JoinWindows.ofTimeDifferenceAndGrace(settings.reconcileWindow(), settings.reconcileGrace()),
                        StreamJoined.with(received.keySerde(), received.valueSerde(), processed.valueSerde())
                                .withName(JOIN).withStoreName(JOIN))
                .processValues(() -> new FirstMatchOnly(forgetAfter),
                        Named.as("reconcile-first-match"), MATCHED_STORE)
                .to(reconciled.name(), reconciled.produced().withName("reconcile-to-" + reconciled.name()));
    }

    /** Forwards each record with the timestamp read from its value (unchanged when there is none). */
    private static final class Restamp<V> implements FixedKeyProcessor<String, V, V> {

        private final Function<V, Instant> time;
        private FixedKeyProcessorContext<String, V> context;

        Restamp(Function<V, Instant> time) {
            this.time = time;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            Instant at = time.apply(record.value());
            context.forward(at == null ? record : record.withTimestamp(at.toEpochMilli()));
        }
    }

    /**
     * Lets the first match of each paymentId through and drops later ones, remembering matched ids
     * for {@code forgetAfter} of stream time: the join's stores expire by stream time too, so no
     * duplicate can still join once an id is forgotten.
     */
    private static final class FirstMatchOnly implements FixedKeyProcessor<String, Reconciled, Reconciled> {

        private final Duration forgetAfter;
        private FixedKeyProcessorContext<String, Reconciled> context;
        private KeyValueStore<String, Long> matched;

        FirstMatchOnly(Duration forgetAfter) {
            this.forgetAfter = forgetAfter;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Reconciled> context) {
            this.context = context;
            this.matched = context.getStateStore(MATCHED_STORE);
            context.schedule(forgetAfter.dividedBy(2), PunctuationType.STREAM_TIME, this::forgetOld);
        }

        @Override
        public void process(FixedKeyRecord<String, Reconciled> record) {
            if (matched.get(record.key()) != null) {
                return;
            }
            matched.put(record.key(), record.timestamp());
            context.forward(record);
        }

        private void forgetOld(long now) {
            long horizon = now - forgetAfter.toMillis();
            List<String> old = new ArrayList<>();
            try (KeyValueIterator<String, Long> all = matched.all()) {
                while (all.hasNext()) {
                    KeyValue<String, Long> entry = all.next();
                    if (entry.value < horizon) {
                        old.add(entry.key);
                    }
                }
            }
            old.forEach(matched::delete);
        }
    }
}
