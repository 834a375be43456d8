package dev.mephisto.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuReadingTest {

    /** Spins until told to stop, so its CPU time grows. */
    private static Thread spinner(String name, CountDownLatch stop) {
        Thread thread = new Thread(() -> {
            long x = 0;
            while (stop.getCount() > 0) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    @Test
    void shouldCountOnlyTheJobsOwnStreamThreadsWhenReadingItsCpuPerRecord() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Thread own = spinner("bench-x-r1-pass-3f2a-StreamThread-1", stop);
        Thread other = spinner("bench-y-r1-pass-9c1d-StreamThread-1", stop);
        own.start();
        CpuReading start = CpuReading.now("bench-x-r1-pass");
        assertEquals(1, start.streamThreadNanos().size(), "one thread named after the application id");
        other.start();
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            Thread.sleep(10);
        }
        CpuReading end = CpuReading.now("bench-x-r1-pass");
        stop.countDown();
        own.join(10_000);
        other.join(10_000);

        double ownPerRecord = end.streamThreadMicrosPerRecord(start, 1_000);
        double processPerRecord = end.processMicrosPerRecord(start, 1_000);
        // generous: the spinner held a core for some of 300 ms on a loaded machine
        assertTrue(ownPerRecord > 1 && ownPerRecord < 1_000, "µs per record of the own thread: " + ownPerRecord);
        assertTrue(processPerRecord >= ownPerRecord, processPerRecord + " covers every thread, the other one too");
        assertEquals(1, end.streamThreadNanos().size(), "the other job's thread is not counted");
    }

    @Test
    void shouldReadTheSameThreadsAgainWhenReadingAgain() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Thread own = spinner("bench-z-r1-pass-5e6f-StreamThread-1", stop);
        own.start();
        CpuReading start = CpuReading.now("bench-z-r1-pass");
        Thread later = spinner("bench-z-r1-pass-5e6f-StreamThread-2", stop);
        later.start();
        long until = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < until) {
            Thread.sleep(10);
        }
        CpuReading again = start.again();
        stop.countDown();
        own.join(10_000);
        later.join(10_000);

        assertEquals(start.streamThreadNanos().keySet(), again.streamThreadNanos().keySet(),
                "again() reads the threads of the first reading, not one started since");
        assertTrue(again.streamThreadMicrosPerRecord(start, 1_000) > 1, "the spinner's CPU time grew");
    }
}
