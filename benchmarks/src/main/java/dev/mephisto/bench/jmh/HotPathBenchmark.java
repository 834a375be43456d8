package dev.mephisto.bench.jmh;

import dev.mephisto.App;
import dev.mephisto.bench.BenchTopologies;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The per-record hot path through Kafka's TopologyTestDriver (no broker): one record piped in and
 * its output read back, for a Mephisto app and for the hand-written Kafka Streams twin. Shapes:
 * passthrough (an agent with one send), chain3 (a 3-step chain), count (a table get and put).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class HotPathBenchmark {

    @Param({"passthrough", "chain3", "count"})
    public String shape;

    @Param({"streams", "mephisto"})
    public String impl;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<byte[], byte[]> output;
    private final String[] keys = new String[10_000];
    private final byte[] value = new byte[100];
    private int next;
    private Path stateDir;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stateDir = Files.createTempDirectory("mephisto-jmh-");
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key-" + i;
        }
        new Random(42).nextBytes(value);
        Topology topology;
        Properties props;
        if (impl.equals("mephisto")) {
            App app = BenchTopologies.mephistoApp(shape, "in", "out", stateDir);
            topology = app.topology();
            props = app.streamsProperties();
        } else {
            topology = BenchTopologies.handWritten(shape, "in", "out");
            props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "jmh-streams");
        }
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props);
        input = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    @Benchmark
    public TestRecord<byte[], byte[]> pipeOneRecord() {
        input.pipeInput(keys[next++ % keys.length], value);
        return output.readRecord();
    }
}
