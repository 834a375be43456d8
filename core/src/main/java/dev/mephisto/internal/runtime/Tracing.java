package dev.mephisto.internal.runtime;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * OpenTelemetry spans for agents, sinks and HTTP requests, with the W3C {@code traceparent} carried
 * in record headers. Only the API: with no SDK registered ({@link GlobalOpenTelemetry#isSet()} false)
 * {@link #tracer()} is {@code null} and callers skip all of it, so a record pays one null check.
 */
public final class Tracing {

    /** The W3C trace context header, in HTTP and in Kafka record headers alike. */
    public static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    /** The span attribute that names the request id, so a trace is found from a log line and back. */
    public static final String REQUEST_ID_ATTRIBUTE = "mephisto.request_id";

    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> KAFKA_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> KAFKA_SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            String exact = carrier.get(key);
            if (exact != null) {
                return exact;
            }
            return carrier.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    };

    private Tracing() {
    }

    /**
     * Mephisto's tracer when an OpenTelemetry SDK is registered globally (by the agent, or by
     * {@code OpenTelemetrySdk.builder()...buildAndRegisterGlobal()}), else {@code null}. Asked once per
     * task, runner or request, never per record; it never registers the no-op itself.
     */
    public static Tracer tracer() {
        return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get().getTracer("dev.mephisto") : null;
    }

    /** A span whose parent is the trace context in Kafka {@code headers} (a new trace when they carry none). */
    static Span startFromRecord(Tracer tracer, String name, SpanKind kind, Headers headers) {
        return tracer.spanBuilder(name).setParent(PROPAGATOR.extract(Context.root(), headers, KAFKA_GETTER))
                .setSpanKind(kind).startSpan();
    }

    /** A span whose parent is the trace context in text {@code headers} (HTTP, or a record read by a client). */
    public static SpanBuilder fromTextHeaders(Tracer tracer, String name, Map<String, String> headers) {
        return tracer.spanBuilder(name).setParent(PROPAGATOR.extract(Context.root(), headers, MAP_GETTER));
    }

    /** Writes the current trace context into Kafka {@code headers}, replacing what they carried; nothing without a span. */
    public static void injectCurrent(Headers headers) {
        if (Span.current().getSpanContext().isValid()) {
            PROPAGATOR.inject(Context.current(), headers, KAFKA_SETTER);
        }
    }

    /** Marks {@code span} failed by {@code error}. */
    public static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
}
