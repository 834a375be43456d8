package dev.mephisto.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time this JVM and one job's stream threads have used, read at one moment. Two readings give
 * the CPU a job spent per record. Unlike records/s, this barely moves when other processes load
 * the machine: time a thread waits for a core is not CPU time. The process figure holds
 * everything the run cost in this JVM (the embedded broker, GC, JIT, the job's client threads);
 * the stream-thread figure holds only the job's own {@code <application id>-...-StreamThread-N}
 * threads, where an agent or a hand-written processor runs.
 */
record CpuReading(long processNanos, Map<Long, Long> streamThreadNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Now, for the stream threads of the job whose application id is {@code applicationId}. */
    static CpuReading now(String applicationId) {
        Map<Long, Long> streamThreads = new HashMap<>();
        if (THREADS.isThreadCpuTimeSupported()) {
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith(applicationId)
                        && info.getThreadName().contains("-StreamThread-")) {
                    long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                    if (nanos >= 0) {
                        streamThreads.put(info.getThreadId(), nanos);
                    }
                }
            }
        }
        return new CpuReading(processCpuNanos(), streamThreads);
    }

    /** Now, for the same stream threads as this reading: cheaper than {@link #now}, for frequent readings. */
    CpuReading again() {
        Map<Long, Long> streamThreads = new HashMap<>();
        for (Long thread : streamThreadNanos.keySet()) {
            long nanos = THREADS.getThreadCpuTime(thread);
            if (nanos >= 0) {
                streamThreads.put(thread, nanos);
            }
        }
        return new CpuReading(processCpuNanos(), streamThreads);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** Microseconds of process CPU per record from {@code start} to this reading; NaN if unknown. */
    double processMicrosPerRecord(CpuReading start, long records) {
        return processNanos < 0 || start.processNanos < 0 ? Double.NaN
                : (processNanos - start.processNanos) / 1e3 / records;
    }

    /** Microseconds of the job's stream threads' CPU per record from {@code start} to this reading; NaN if none. */
    double streamThreadMicrosPerRecord(CpuReading start, long records) {
        if (streamThreadNanos.isEmpty()) {
            return Double.NaN;
        }
        long spent = 0;
        for (Map.Entry<Long, Long> thread : streamThreadNanos.entrySet()) {
            spent += thread.getValue() - start.streamThreadNanos.getOrDefault(thread.getKey(), 0L);
        }
        return spent / 1e3 / records;
    }
}
