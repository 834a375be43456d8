package dev.mephisto.internal.runtime;

import dev.mephisto.DeadLetter;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.SinkRecord;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.internal.model.SinkSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one sink in its own thread and consumer group ({@code <application id>-sink-<name>}):
 * decodes each record, writes it, retries a failed write with backoff, and commits offsets only
 * after the writes of a batch succeeded. A record that does not decode is a dead letter.
 */
public final class SinkRunner<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final SinkSpec<K, V> spec;
    private final TopicReader<K, V> reader;
    private final DeadLetterWriter deadLetters;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    /** Null without an OpenTelemetry SDK. */
    private final io.opentelemetry.api.trace.Tracer tracer = Tracing.tracer();

    /** Reads with {@code client} in group {@code <applicationId>-sink-<name>}; dead letters go through {@code deadLetters}. */
    public SinkRunner(String applicationId, SinkSpec<K, V> spec, TopicClient client, DeadLetterWriter deadLetters) {
        this.spec = spec;
        this.deadLetters = deadLetters;
        this.reader = client.read(spec.topic(), ReadOptions.inGroup(groupId(applicationId, spec.name())));
        this.thread = new Thread(this::run, "mephisto-sink-" + spec.name());
        this.thread.setDaemon(true);
    }

    /** The consumer group of a sink. */
    public static String groupId(String applicationId, String sink) {
        return applicationId + "-sink-" + sink;
    }

    public void start() {
        thread.start();
    }

    public long written() {
        return written.get();
    }

    private void run() {
        try {
            while (running.get()) {
                List<Received<K, V>> records = reader.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                for (Received<K, V> record : records) {
                    if (!running.get()) {
                        return;
                    }
                    deliver(record);
                }
                reader.commit();
            }
        } catch (org.apache.kafka.common.errors.WakeupException closing) {
            // close() woke a commit up
        } catch (RuntimeException e) {
            log.error("sink {} stopped: {}", spec.name(), e.toString(), e);
        } finally {
            reader.close();
        }
    }

    private void deliver(Received<K, V> received) {
        if (received.failure().isPresent()) {
            deadLetter(received, received.failure().get());
            return;
        }
        SinkRecord<K, V> record = new SinkRecord<>(received.topic(), received.partition(), received.offset(),
                received.key(), received.value(), received.timestamp(), received.headers());
        MDC.put(dev.mephisto.AgentContext.REQUEST_ID_MDC_KEY, String.valueOf(record.requestId()));
        io.opentelemetry.api.trace.Span span = tracer == null ? null : Tracing.fromTextHeaders(tracer, "sink " + spec.name(),
                received.headers()).setSpanKind(io.opentelemetry.api.trace.SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", received.topic())
                .setAttribute("mephisto.sink", spec.name())
                .setAttribute(Tracing.REQUEST_ID_ATTRIBUTE, String.valueOf(record.requestId())).startSpan();
        try {
            Duration backoff = FIRST_BACKOFF;
            for (int attempt = 1; running.get(); attempt++) {
                try {
                    writeOnce(record, span);
                    written.incrementAndGet();
                    return;
                } catch (Exception e) {
                    retries.incrementAndGet();
                    log.warn("sink {} failed to write {} (attempt {}), retrying in {} ms: {}", spec.name(),
                            record.id(), attempt, backoff.toMillis(), e.toString());
                    waitKeepingMembership(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            MDC.remove(dev.mephisto.AgentContext.REQUEST_ID_MDC_KEY);
            if (span != null) {
                span.end();
            }
        }
    }

    private void writeOnce(SinkRecord<K, V> record, io.opentelemetry.api.trace.Span span) throws Exception {
        if (span == null) {
            spec.sink().write(record);
            return;
        }
        try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
            spec.sink().write(record);
        } catch (Exception e) {
            span.addEvent("write failed, retrying: " + e);
            throw e;
        }
    }

    /** Sleeps through a backoff while polling the paused reader, so the group keeps this member. */
    private void waitKeepingMembership(Duration backoff) {
        reader.pause();
        long until = System.nanoTime() + backoff.toNanos();
        try {
            while (running.get() && System.nanoTime() < until) {
                reader.poll(Duration.ofMillis(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
            }
        } finally {
            reader.resume();
        }
    }

    private void deadLetter(Received<K, V> raw, RuntimeException error) {
        log.warn("dead letter kind={} sink={} topic={} partition={} offset={} reason=\"{}\"", DeadLetter.Kind.DECODE.headerValue(),
                spec.name(), raw.topic(), raw.partition(), raw.offset(), DeadLetterHandlers.oneLine(error.getMessage()));
        RecordHeaders headers = new RecordHeaders();
        raw.headers().forEach((name, text) -> headers.add(name, text == null ? null
                : text.getBytes(StandardCharsets.UTF_8)));
        DeadLetterHandlers.describe(headers, DeadLetter.Kind.DECODE, error, false, raw.topic(), raw.partition(),
                raw.offset(), "sink:" + spec.name());
        // written before the batch's offsets are committed: a bad record is never lost
        deadLetters.writeAndWait(raw.rawKey(), raw.rawValue(), headers);
    }

    @Override
    public void close() {
        running.set(false);
        reader.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("sink stopped sink={} written={} retries={}", spec.name(), written.get(), retries.get());
    }
}
