package dev.mephisto.internal.runtime;

import dev.mephisto.DeadLetter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three error handlers, all sending the original record to the dead-letter topic
 * with headers naming the error and where it happened, and carrying on with the next record.
 */
public final class DeadLetterHandlers {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);
    private static final int MAX_STACKTRACE = 8_000;

    private DeadLetterHandlers() {
    }

    /** A key or value that does not decode. */
    public static final class Deserialization extends Configured implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                Exception exception) {
            logDeadLetter(record.headers(), null, "dead letter kind={} topic={} partition={} offset={} reason=\"{}\"",
                    DeadLetter.DECODE, record.topic(), record.partition(), record.offset(),
                    oneLine(exception.getMessage()));
            RecordHeaders headers = copy(record.headers());
            describe(headers, DeadLetter.DECODE, exception, false, record.topic(), record.partition(), record.offset(),
                    null);
            return Response.resume(List.of(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)));
        }
    }

    /** An agent that rejects a record or throws. */
    public static final class Processing extends Configured implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            Throwable cause = exception instanceof AgentFailedException failed ? failed.getCause() : exception;
            boolean rejected = cause instanceof Rejection;
            String kind = rejected ? DeadLetter.REJECTED : DeadLetter.AGENT_FAILED;
            // a rejection is bad input: one line; anything else an agent throws may be a bug: the stack trace too
            logDeadLetter(context.headers(), rejected ? null : cause,
                    "dead letter kind={} agent={} topic={} partition={} offset={} reason=\"{}\"", kind,
                    context.processorNodeId(), context.topic(), context.partition(), context.offset(),
                    oneLine(rejected ? cause.getMessage() : String.valueOf(cause)));
            RecordHeaders headers = copy(context.headers());
            describe(headers, kind, cause, !rejected, context.topic(), context.partition(), context.offset(),
                    context.processorNodeId());
            return Response.resume(List.of(new ProducerRecord<>(topic, null, context.sourceRawKey(),
                    context.sourceRawValue(), headers)));
        }
    }

    /** A record an agent sent that cannot be encoded or written. */
    public static final class Production extends Configured implements ProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                Exception exception) {
            if (exception instanceof org.apache.kafka.common.errors.RetriableException) {
                return Response.retry();
            }
            return deadLetter(context, record.topic(), exception);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                Exception exception, SerializationExceptionOrigin origin) {
            return deadLetter(context, record.topic(), exception);
        }

        private Response deadLetter(ErrorHandlerContext context, String target, Exception exception) {
            String node = context.processorNodeId();
            String sinkSuffix = "-to-" + target;
            String agent = node != null && node.endsWith(sinkSuffix)
                    ? node.substring(0, node.length() - sinkSuffix.length()) : node;
            logDeadLetter(context.headers(), null,
                    "dead letter kind={} agent={} topic={} partition={} offset={} target={} reason=\"{}\"",
                    DeadLetter.SEND_FAILED, agent, context.topic(), context.partition(), context.offset(), target,
                    oneLine(exception.getMessage()));
            RecordHeaders headers = copy(context.headers());
            describe(headers, DeadLetter.SEND_FAILED, exception, false, context.topic(), context.partition(),
                    context.offset(), agent);
            headers.add(DeadLetter.HEADER_TARGET_TOPIC, utf8(target));
            if (context.topic() == null) {
                return Response.resume();
            }
            return Response.resume(List.of(new ProducerRecord<>(topic, null, context.sourceRawKey(),
                    context.sourceRawValue(), headers)));
        }
    }

    /** Reads the dead-letter topic's name from the Kafka Streams config. */
    abstract static class Configured implements org.apache.kafka.common.Configurable {
        String topic;

        @Override
        public void configure(Map<String, ?> configs) {
            Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            if (name == null) {
                throw new IllegalStateException("Mephisto's dead-letter handlers need "
                        + StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " set");
            }
            topic = name.toString();
        }
    }

    static void describe(RecordHeaders headers, String kind, Throwable error, boolean withStackTrace,
            String topic, int partition, long offset, String agent) {
        put(headers, DeadLetter.HEADER_KIND, kind);
        put(headers, DeadLetter.HEADER_ERROR, error instanceof Rejection ? DeadLetter.REJECTED : error.getClass().getName());
        put(headers, DeadLetter.HEADER_MESSAGE, oneLine(error.getMessage()));
        put(headers, DeadLetter.HEADER_TOPIC, topic);
        put(headers, DeadLetter.HEADER_PARTITION, Integer.toString(partition));
        put(headers, DeadLetter.HEADER_OFFSET, Long.toString(offset));
        if (agent != null) {
            put(headers, DeadLetter.HEADER_AGENT, agent);
        }
        put(headers, DeadLetter.HEADER_FAILED_AT, Instant.now().toString());
        if (withStackTrace) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            String text = trace.toString();
            put(headers, DeadLetter.HEADER_STACKTRACE, text.length() > MAX_STACKTRACE ? text.substring(0, MAX_STACKTRACE)
                    : text);
        }
    }

    private static RecordHeaders copy(Headers original) {
        RecordHeaders copy = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!header.key().startsWith("mephisto.error.") && !header.key().startsWith("mephisto.source.")) {
                    copy.add(header);
                }
            }
        }
        return copy;
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, utf8(value));
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Logs one dead letter with the failed record's request id in the log context (the handlers run
     * on the stream thread, outside the agent's own context), and the stack trace when given.
     */
    private static void logDeadLetter(Headers headers, Throwable stackTrace, String format, Object... args) {
        org.apache.kafka.common.header.Header id = headers == null ? null
                : headers.lastHeader(dev.mephisto.AgentContext.REQUEST_ID_HEADER);
        if (id != null && id.value() != null) {
            org.slf4j.MDC.put(AgentProcessor.MDC_REQUEST_ID, new String(id.value(), StandardCharsets.UTF_8));
        }
        try {
            if (stackTrace == null) {
                log.warn(format, args);
            } else {
                Object[] withThrowable = java.util.Arrays.copyOf(args, args.length + 1);
                withThrowable[args.length] = stackTrace;
                log.warn(format, withThrowable);
            }
        } finally {
            org.slf4j.MDC.remove(AgentProcessor.MDC_REQUEST_ID);
        }
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
