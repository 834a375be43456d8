package dev.mephisto.bench;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LoadTest {

    /** A producer in the state the harness once hung on: every send fails with OutOfOrderSequenceException. */
    private static final class FatallyFailingProducer extends MockProducer<String, byte[]> {
        final AtomicLong sends = new AtomicLong();

        FatallyFailingProducer() {
            super(false, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            sends.incrementAndGet();
            OutOfOrderSequenceException fatal = new OutOfOrderSequenceException("the broker received an out of"
                    + " order sequence number");
            callback.onCompletion(null, fatal);
            return CompletableFuture.failedFuture(fatal);
        }

        @Override
        public synchronized List<PartitionInfo> partitionsFor(String topic) {
            Node node = new Node(0, "localhost", 9092);
            return List.of(new PartitionInfo(topic, 0, node, new Node[] {node}, new Node[] {node}));
        }
    }

    @Test
    void shouldCloseTheProducerAndFailTheRepetitionWhenSendsFailFatally() {
        FatallyFailingProducer producer = new FatallyFailingProducer();
        Load load = new Load("localhost:9092", 1_000_000, 10, 10, false, props -> producer);

        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> load.produce("bench-in", 1, new Steps.Step()));

        assertInstanceOf(OutOfOrderSequenceException.class, failed.getCause());
        assertTrue(failed.getMessage().startsWith("the load producer failed on topic bench-in after 1 sends"),
                failed.getMessage());
        assertTrue(producer.closed(), "the failed producer was left open");
        assertTrue(producer.sends.get() < 10, "kept sending after a fatal failure: " + producer.sends.get());
    }

    @Test
    void shouldReportTheProduceStepWhenTheProducerHangsPastItsDeadline() {
        // a producer blocked for ever in send (metadata that never comes, a full buffer), deaf to interrupts
        MockProducer<String, byte[]> stuck = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                while (!closed()) {
                    Thread.onSpinWait();
                }
                throw new IllegalStateException("closed while sending");
            }

            @Override
            public synchronized List<PartitionInfo> partitionsFor(String topic) {
                return List.of();
            }

            @Override
            public void close(Duration timeout) {
                super.close(timeout); // unsynchronized: the harness closes it from another thread
            }
        };
        Load load = new Load("localhost:9092", 100, 10, 10, false, props -> stuck);

        Steps.Overran overran = assertThrows(Steps.Overran.class, () -> Steps.call("produce 100 records to bench-in",
                Duration.ofMillis(500), step -> load.produce("bench-in", 1, step)));

        assertTrue(overran.getMessage().startsWith("step 'produce 100 records to bench-in' overran its deadline of"
                + " 500 ms"), overran.getMessage());
        assertTrue(stuck.closed(), "the stuck producer was not closed");
    }
}
