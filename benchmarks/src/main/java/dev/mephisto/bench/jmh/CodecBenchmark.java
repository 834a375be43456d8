package dev.mephisto.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mephisto.Codec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Mephisto's JSON codec against a plain Jackson ObjectMapper, on a small record. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CodecBenchmark {

    /** A small payment-like record. */
    public record Small(String id, String account, BigDecimal amount, String currency, long at) {
    }

    /** A payment as the payments app carries it: with java.time instants, written as ISO-8601 text. */
    public record Timed(String id, String account, BigDecimal amount, String currency, Instant receivedAt,
            Instant processedAt) {
    }

    private final Small value = new Small("p-000042", "acct-17", new BigDecimal("12.50"), "EUR", 1_767_225_600_000L);
    private final Timed timed = new Timed("p-000042", "acct-17", new BigDecimal("12.50"), "EUR",
            Instant.parse("2026-11-22T15:08:00.123Z"), Instant.parse("2026-11-22T15:08:00.456789Z"));
    private Codec<Timed> timedCodec;
    private byte[] timedBytes;
    private Codec<Small> codec;
    private ObjectMapper mapper;
    private byte[] bytes;

    @Setup
    public void setUp() throws Exception {
        codec = Codec.json(Small.class);
        mapper = new ObjectMapper();
        bytes = mapper.writeValueAsBytes(value);
        timedCodec = Codec.json(Timed.class);
        timedBytes = timedCodec.encode(timed);
    }

    @Benchmark
    public byte[] encodeTimedMephisto() {
        return timedCodec.encode(timed);
    }

    @Benchmark
    public Timed decodeTimedMephisto() {
        return timedCodec.decode(timedBytes);
    }

    @Benchmark
    public byte[] encodeMephisto() {
        return codec.encode(value);
    }

    @Benchmark
    public byte[] encodeJackson() throws Exception {
        return mapper.writeValueAsBytes(value);
    }

    @Benchmark
    public Small decodeMephisto() {
        return codec.decode(bytes);
    }

    @Benchmark
    public Small decodeJackson() throws Exception {
        return mapper.readValue(bytes, Small.class);
    }
}
