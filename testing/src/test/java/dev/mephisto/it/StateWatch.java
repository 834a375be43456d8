package dev.mephisto.it;

import dev.mephisto.DeadLetter;
import dev.mephisto.Worker;
import dev.mephisto.WorkerState;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Every state other than RUNNING a worker passes through while a test feeds it bad input, seen every
 * 20 ms (stopping at the end of the test does not count); and dead letters read back from the topic.
 */
final class StateWatch {

    private final Set<String> left = ConcurrentHashMap.newKeySet();

    private StateWatch() {
    }

    static StateWatch of(Worker worker) {
        StateWatch watch = new StateWatch();
        Thread watcher = new Thread(() -> {
            while (true) {
                WorkerState now = worker.state();
                if (now != WorkerState.RUNNING && now != WorkerState.STOPPING && now != WorkerState.STOPPED) {
                    watch.left.add(now.name());
                }
                if (now == WorkerState.STOPPED || now == WorkerState.FAILED) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "state-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watch;
    }

    /** The states seen other than RUNNING (and the stop at the end): empty when the worker kept running. */
    Set<String> leftRunning() {
        return Set.copyOf(left);
    }

    /** A dead letter as read from the dead-letter topic. */
    static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return DeadLetter.of(record.key(), record.value(), headers);
    }
}
