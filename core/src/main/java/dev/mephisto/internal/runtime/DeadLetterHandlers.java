package dev.mephisto.internal.runtime;

import dev.mephisto.DeadLetter;
import dev.mephisto.internal.model.Names;
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
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three error handlers, all sending the original record to the dead-letter topic
 * with headers naming the error and where it happened, and carrying on with the next record.
 *
 * <p>The dead-letter path itself can never stop a worker: a dead letter is cut to fit the topic's
 * size limit ({@link DeadLetterFit}); one that still cannot be written comes back to
 * {@link Production}, which logs and counts it and carries on (never a retry, never another dead
 * letter, so never a loop); on the global thread, which has no record collector, dead letters go
 * through a producer of their own ({@link GlobalDeadLetters}).
 */
public final class DeadLetterHandlers {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);

    /** The record an agent is handling on this thread, kept before Kafka Streams frees its raw bytes. */
    private static final ThreadLocal<SourceRecord> SOURCE = ThreadLocal.withInitial(SourceRecord::new);

    private DeadLetterHandlers() {
    }

    /** Where a stream thread keeps the record it is handling: see {@link #rememberSource}. */
    static final class SourceRecord {
        String topic;
        int partition;
        long offset = -1;
        byte[] key;
        byte[] value;
    }

    /**
     * Keeps the raw bytes of the record an agent is about to handle. Kafka Streams frees them as soon
     * as the agent sends its first record, so without this a record the agent sent that cannot be
     * written (or an agent that fails after sending) would dead-letter without the original record.
     * Kept until the thread's next record; read only when the coordinates match.
     *
     * @param source this thread's place for it ({@link #sourceOfThisThread()}), which a processor
     *               keeps for the thread it last ran on instead of looking it up per record
     */
    static void rememberSource(ProcessorContext<?, ?> context, SourceRecord source) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal)) {
            return;
        }
        ProcessorRecordContext record = internal.recordContext();
        if (record == null || record.topic() == null) {
            source.offset = -1;
            source.key = null;
            source.value = null;
            return;
        }
        source.topic = record.topic();
        source.partition = record.partition();
        source.offset = record.offset();
        source.key = record.sourceRawKey();
        source.value = record.sourceRawValue();
    }

    /** Where this thread keeps the record it is handling, for {@link #rememberSource}. */
    static SourceRecord sourceOfThisThread() {
        return SOURCE.get();
    }

    /** The original key and value of the record at these coordinates: Kafka Streams', else the one kept. */
    private static byte[][] original(ErrorHandlerContext context) {
        if (context.sourceRawKey() != null || context.sourceRawValue() != null) {
            return new byte[][] {context.sourceRawKey(), context.sourceRawValue()};
        }
        SourceRecord source = SOURCE.get();
        if (source.offset >= 0 && source.offset == context.offset() && source.partition == context.partition()
                && source.topic.equals(context.topic())) {
            return new byte[][] {source.key, source.value};
        }
        return new byte[][] {null, null};
    }

    /** Whether the handler runs on the global thread (Kafka Streams gives its context task id -1_-1). */
    private static boolean global(ErrorHandlerContext context) {
        return context.taskId() != null && context.taskId().subtopology() < 0;
    }

    /** A key or value that does not decode. */
    public static final class Deserialization extends Configured implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                Exception exception) {
            logDeadLetter(record.headers(), null, "dead letter kind={} topic={} partition={} offset={} reason=\"{}\"",
                    DeadLetter.Kind.DECODE.headerValue(), record.topic(), record.partition(), record.offset(),
                    cut(oneLine(exception.getMessage()), DeadLetter.MAX_MESSAGE_CHARS));
            RecordHeaders headers = copy(record.headers());
            describe(headers, DeadLetter.Kind.DECODE, exception, false, record.topic(), record.partition(), record.offset(),
                    null);
            ProducerRecord<byte[], byte[]> letter = letter(record.key(), record.value(), headers);
            if (global(context)) {
                globalDeadLetters().send(letter);
                return Response.resume();
            }
            return Response.resume(List.of(letter));
        }
    }

    /** An agent that rejects a record or throws. */
    public static final class Processing extends Configured implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            Throwable cause = exception instanceof AgentFailedException failed ? failed.getCause() : exception;
            boolean late = cause instanceof LateRecord;
            boolean rejected = cause instanceof Rejection || late;
            DeadLetter.Kind kind = late ? DeadLetter.Kind.LATE
                    : rejected ? DeadLetter.Kind.REJECTED : DeadLetter.Kind.AGENT_FAILED;
            // a rejection is bad input: one line; anything else an agent throws may be a bug: the stack trace too
            logDeadLetter(context.headers(), rejected ? null : cause,
                    "dead letter kind={} agent={} topic={} partition={} offset={} reason=\"{}\"", kind.headerValue(),
                    context.processorNodeId(), context.topic(), context.partition(), context.offset(),
                    cut(oneLine(rejected ? cause.getMessage() : String.valueOf(cause)), DeadLetter.MAX_MESSAGE_CHARS));
            RecordHeaders headers = copy(context.headers());
            describe(headers, kind, cause, !rejected, context.topic(), context.partition(), context.offset(),
                    context.processorNodeId());
            if (cause instanceof LateRecord lateRecord) {
                put(headers, DeadLetter.HEADER_EVENT_TIME, Instant.ofEpochMilli(lateRecord.eventTime()).toString());
                put(headers, DeadLetter.HEADER_WINDOW, Instant.ofEpochMilli(lateRecord.windowStart()) + "/"
                        + Instant.ofEpochMilli(lateRecord.windowEnd()));
                put(headers, DeadLetter.HEADER_STREAM_TIME, Instant.ofEpochMilli(lateRecord.streamTime()).toString());
            }
            byte[][] original = original(context);
            ProducerRecord<byte[], byte[]> letter = letter(original[0], original[1], headers);
            if (global(context)) {
                globalDeadLetters().send(letter);
                return Response.resume();
            }
            return Response.resume(List.of(letter));
        }
    }

    /** A record an agent sent that cannot be encoded or written. */
    public static final class Production extends Configured implements ProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                Exception exception) {
            if (topic.equals(record.topic())) {
                // a dead letter that could not be written: retrying or dead-lettering it again could loop
                deadLetters.notWritten(record.headers(), record.topic(), exception);
                return Response.resume();
            }
            if (exception instanceof org.apache.kafka.common.errors.RetriableException) {
                return Response.retry();
            }
            return deadLetter(context, record.topic(), exception);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                Exception exception, SerializationExceptionOrigin origin) {
            if (topic.equals(record.topic())) {
                deadLetters.notWritten(record.headers(), record.topic(), exception);
                return Response.resume();
            }
            return deadLetter(context, record.topic(), exception);
        }

        private Response deadLetter(ErrorHandlerContext context, String target, Exception exception) {
            String agent = Names.agentOfSink(context.processorNodeId(), target);
            logDeadLetter(context.headers(), null,
                    "dead letter kind={} agent={} topic={} partition={} offset={} target={} reason=\"{}\"",
                    DeadLetter.Kind.SEND_FAILED.headerValue(), agent, context.topic(), context.partition(), context.offset(), target,
                    cut(oneLine(exception.getMessage()), DeadLetter.MAX_MESSAGE_CHARS));
            RecordHeaders headers = copy(context.headers());
            describe(headers, DeadLetter.Kind.SEND_FAILED, exception, false, context.topic(), context.partition(),
                    context.offset(), agent);
            headers.add(DeadLetter.HEADER_TARGET_TOPIC, utf8(target));
            if (context.topic() == null) {
                return Response.resume();
            }
            byte[][] original = original(context);
            return Response.resume(List.of(letter(original[0], original[1], headers)));
        }
    }

    /** Reads the dead-letter topic's name, its size limit and counters from the Kafka Streams config. */
    abstract static class Configured implements org.apache.kafka.common.Configurable {
        String topic;
        DeadLetterTopic deadLetters;
        private Map<String, ?> configs;
        private GlobalDeadLetters global;

        @Override
        public void configure(Map<String, ?> configs) {
            Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            if (name == null) {
                throw new IllegalStateException("Mephisto's dead-letter handlers need "
                        + StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " set");
            }
            topic = name.toString();
            deadLetters = DeadLetterTopic.of(configs);
            this.configs = Map.copyOf(configs);
        }

        /** A dead letter for this record, cut to fit the topic when it would not. */
        ProducerRecord<byte[], byte[]> letter(byte[] key, byte[] value, RecordHeaders headers) {
            DeadLetterFit.Fitted fitted = deadLetters.fit(configs, topic, key, value, headers);
            return new ProducerRecord<>(topic, null, fitted.key(), fitted.value(), headers);
        }

        synchronized GlobalDeadLetters globalDeadLetters() {
            if (global == null) {
                global = new GlobalDeadLetters(configs, deadLetters);
            }
            return global;
        }
    }

    static void describe(RecordHeaders headers, DeadLetter.Kind kind, Throwable error, boolean withStackTrace,
            String topic, int partition, long offset, String agent) {
        put(headers, DeadLetter.HEADER_KIND, kind.headerValue());
        put(headers, DeadLetter.HEADER_ERROR, error instanceof Rejection ? DeadLetter.Kind.REJECTED.headerValue()
                : error instanceof LateRecord ? DeadLetter.Kind.LATE.headerValue() : error.getClass().getName());
        put(headers, DeadLetter.HEADER_MESSAGE, cut(oneLine(error.getMessage()), DeadLetter.MAX_MESSAGE_CHARS));
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
            put(headers, DeadLetter.HEADER_STACKTRACE, cut(text, DeadLetter.MAX_STACKTRACE_CHARS));
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
        String id = headers == null ? null : RequestIds.find(headers);
        if (id != null) {
            org.slf4j.MDC.put(dev.mephisto.AgentContext.REQUEST_ID_MDC_KEY, id);
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
            org.slf4j.MDC.remove(dev.mephisto.AgentContext.REQUEST_ID_MDC_KEY);
        }
    }

    /** Cuts a text to at most {@code max} characters, marking the cut. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        String mark = "... (" + text.length() + " characters)";
        return text.substring(0, max - mark.length()) + mark;
    }

    /** A message on one line, for a header or a log line; see {@link HeaderText#oneLine(String)}. */
    static String oneLine(String text) {
        return HeaderText.oneLine(text);
    }
}
