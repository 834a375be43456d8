package dev.mephisto.internal.runtime;

import dev.mephisto.internal.model.TimerSpec;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Runs one of an agent's timers on its task's punctuation: the agent's context reads the
 * punctuation time as its timestamp while the timer runs, and a failure counts as the agent's error.
 */
final class TimerRunner {

    private final String agent;
    private final TimerSpec timer;
    private final AgentTaskContext context;
    private final AgentMetrics metrics;

    private TimerRunner(String agent, TimerSpec timer, AgentTaskContext context, AgentMetrics metrics) {
        this.agent = agent;
        this.timer = timer;
        this.context = context;
        this.metrics = metrics;
    }

    /** Schedules the timer on the task, in its interval and time type. */
    static void schedule(String agent, TimerSpec timer, ProcessorContext<?, ?> task, AgentTaskContext context,
            AgentMetrics metrics) {
        TimerRunner runner = new TimerRunner(agent, timer, context, metrics);
        task.schedule(timer.interval(), timer.type(), runner::fire);
    }

    void fire(long time) {
        context.enterTimer(time);
        try {
            timer.timer().fire(context);
        } catch (Exception e) {
            throw metrics.failure(agent, e);
        } finally {
            context.leaveTimer();
        }
    }
}
