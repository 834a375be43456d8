package dev.mephisto.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.mephisto.internal.broker.FreePorts;
import dev.mephisto.internal.broker.PortClaim;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedBrokerIT {

    private static final String TOPIC = "greetings";

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepRecordsAndClusterIdAcrossRestartWithAnotherControllerPort() throws Exception {
        EmbeddedBroker.Options options = EmbeddedBroker.Options.defaults().withDataDir(dataDir).withPort(0);

        long heapBefore = usedHeapAfterGc();
        long began = System.nanoTime();
        EmbeddedBroker first = EmbeddedBroker.start(options);
        long freshMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        long heapWithBroker = usedHeapAfterGc();
        String clusterId = clusterId(dataDir);
        int firstControllerPort = first.controllerPort();
        try {
            assertEquals("127.0.0.1:" + first.port(), first.bootstrapServers());
            assertEquals(dataDir.toAbsolutePath().normalize(), first.dataDir());
            produce(first.bootstrapServers(), "k1", "hello");
            assertEquals(List.of("hello"), consumeFromBeginning(first.bootstrapServers(), 1));
        } finally {
            first.close();
        }
        first.close(); // a second close is a no-op

        // Hold the old controller port so the restart must pick another one.
        EmbeddedBroker second;
        long restartMs;
        try (ServerSocket held = bind(firstControllerPort)) {
            assertTrue(held.isBound());
            began = System.nanoTime();
            second = EmbeddedBroker.start(options);
            restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        }
        try (EmbeddedBroker broker = second) {
            assertNotEquals(firstControllerPort, broker.controllerPort());
            assertEquals(clusterId, clusterId(dataDir));
            assertEquals(List.of("hello"), consumeFromBeginning(broker.bootstrapServers(), 1));
        }
        System.out.printf("MEASURE embedded broker: fresh start-to-ready %d ms, restart %d ms, heap +%d MB%n",
                freshMs, restartMs, (heapWithBroker - heapBefore) / (1024 * 1024));
    }

    @Test
    void shouldFallBackToNextFreePortWhenPreferredIsBusy() throws Exception {
        try (ServerSocket busy = bind(0)) {
            int preferred = busy.getLocalPort();
            try (EmbeddedBroker broker = EmbeddedBroker.start(
                    EmbeddedBroker.Options.defaults().withDataDir(dataDir).withPort(preferred))) {
                assertTrue(broker.port() > preferred && broker.port() < preferred + EmbeddedBroker.PORT_ATTEMPTS,
                        "port " + broker.port() + " should be just above the busy " + preferred);
                produce(broker.bootstrapServers(), "k", "v");
            }
        }
    }

    @Test
    void shouldTakeAnotherPortWhenThePreferredOneIsTakenBetweenTheCheckAndTheBind() throws Exception {
        try (ServerSocket thief = bind(0); RecordedLogs logs = RecordedLogs.of(EmbeddedBroker.class)) {
            int preferred = thief.getLocalPort();
            AtomicInteger checks = new AtomicInteger();
            // The first check answers "free", as it did for the loser of a real race: Kafka's own bind then fails.
            IntFunction<PortClaim> racyCheck = port -> checks.incrementAndGet() == 1 ? PortClaim.unclaimed(preferred)
                    : FreePorts.claimPreferring(port, EmbeddedBroker.PORT_ATTEMPTS);

            try (EmbeddedBroker broker = EmbeddedBroker.start(
                    EmbeddedBroker.Options.defaults().withDataDir(dataDir).withPort(preferred), racyCheck)) {
                assertNotEquals(preferred, broker.port());
                assertEquals(2, checks.get(), "one lost race, one retry");
                produce(broker.bootstrapServers(), "k", "after a lost race");
                assertEquals(List.of("after a lost race"), consumeFromBeginning(broker.bootstrapServers(), 1));
                assertTrue(logs.contains("embedded Kafka broker lost port=" + preferred
                        + " to another process while starting (attempt 1 of 5); Kafka's bind errors above are that race, not a"
                        + " fault; trying the next free port"), logs.all().toString());
                assertTrue(logs.contains("(preferred port " + preferred + " was taken, so it took " + broker.port()
                        + ")"), logs.all().toString());
            }
            // The half-started node let go of the data dir: it starts again there.
            try (EmbeddedBroker again = EmbeddedBroker.start(
                    EmbeddedBroker.Options.defaults().withDataDir(dataDir).withPort(0))) {
                assertEquals(List.of("after a lost race"), consumeFromBeginning(again.bootstrapServers(), 1));
            }
        }
    }

    @Test
    void shouldStartBothBrokersWhenTwoRaceForOnePreferredPort(@TempDir Path otherDataDir) throws Exception {
        int preferred = FreePorts.any();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService starters = Executors.newFixedThreadPool(2);
        List<Future<EmbeddedBroker>> started = new ArrayList<>();
        try (RecordedLogs logs = RecordedLogs.of(EmbeddedBroker.class)) {
            for (Path dir : List.of(dataDir, otherDataDir)) {
                started.add(starters.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDir(dir).withPort(preferred));
                }));
            }
            List<EmbeddedBroker> brokers = new ArrayList<>();
            try {
                for (Future<EmbeddedBroker> future : started) {
                    brokers.add(future.get(50, TimeUnit.SECONDS));
                }
                assertNotEquals(brokers.get(0).port(), brokers.get(1).port());
                assertTrue(brokers.stream().anyMatch(b -> b.port() == preferred), "one of them has " + preferred);
                for (EmbeddedBroker broker : brokers) {
                    produce(broker.bootstrapServers(), "k", "on " + broker.port());
                    assertEquals(List.of("on " + broker.port()), consumeFromBeginning(broker.bootstrapServers(), 1));
                }
                assertEquals(0, logs.count("lost port="), "the port claim kept them apart before Kafka's bind: "
                        + logs.all());
                System.out.printf("MEASURE two brokers raced for port %d: ports %d and %d%n", preferred,
                        brokers.get(0).port(), brokers.get(1).port());
            } finally {
                brokers.forEach(EmbeddedBroker::close);
                starters.shutdownNow();
            }
        }
    }

    @Test
    void shouldTurnBrokerHaltIntoExceptionWhileRunning() {
        try (EmbeddedBroker broker = EmbeddedBroker.start(
                EmbeddedBroker.Options.defaults().withDataDir(dataDir).withPort(0))) {
            IllegalStateException fault = assertThrows(IllegalStateException.class,
                    () -> Exit.halt(1, "simulated fatal fault"));
            assertTrue(fault.getMessage().contains("simulated fatal fault"), fault.getMessage());
            assertTrue(broker.port() > 0);
        }
    }

    @Test
    void shouldRefuseASecondBrokerOnTheSameDataDir() {
        EmbeddedBroker.Options options = EmbeddedBroker.Options.defaults().withDataDir(dataDir).withPort(0);
        try (EmbeddedBroker broker = EmbeddedBroker.start(options)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> EmbeddedBroker.start(options));
            assertTrue(error.getMessage().contains("is using the data dir " + broker.dataDir()), error.getMessage());
            assertTrue(error.getMessage().contains("withDataDir"), error.getMessage());
        }
    }

    private static void produce(String bootstrap, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(15, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeFromBeginning(String bootstrap, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static String clusterId(Path dataDir) throws IOException {
        Properties meta = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("meta.properties"))) {
            meta.load(reader);
        }
        return meta.getProperty("cluster.id");
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return socket;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
