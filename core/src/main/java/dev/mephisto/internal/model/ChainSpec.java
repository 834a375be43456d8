package dev.mephisto.internal.model;

import dev.mephisto.Agent;
import dev.mephisto.AgentContext;
import dev.mephisto.Chain;
import dev.mephisto.Step;
import dev.mephisto.Topic;
import dev.mephisto.ValueStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A chain of steps run as one agent. Every typed view of a chain shares one {@link Steps}. */
public final class ChainSpec<K, V> implements Chain<K, V> {

    private final Steps steps;

    private ChainSpec(Steps steps) {
        this.steps = steps;
    }

    /** Starts a chain whose agent runs its steps. */
    public static <K, V> ChainSpec<K, V> start(AgentSpec agent) {
        Steps steps = new Steps(agent);
        agent.replaceFunction(steps::run);
        return new ChainSpec<>(steps);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Chain<K, R> step(Step<K, ? super V, ? extends R> step) {
        Objects.requireNonNull(step, "step can't be null (chain '" + steps.agent.name() + "')");
        steps.add((Step<Object, Object, Object>) (Step<?, ?, ?>) step);
        return new ChainSpec<>(steps);
    }

    @Override
    public <R> Chain<K, R> step(ValueStep<? super V, ? extends R> step) {
        Objects.requireNonNull(step, "step can't be null (chain '" + steps.agent.name() + "')");
        return step((key, value, ctx) -> step.apply(value));
    }

    @Override
    public Agent to(Topic<K, V> output) {
        Objects.requireNonNull(output, "output can't be null (chain '" + steps.agent.name() + "')");
        steps.end(output);
        return steps.agent;
    }

    @Override
    public Agent agent() {
        return steps.agent;
    }

    private static final class Steps {
        private final AgentSpec agent;
        private final List<Step<Object, Object, Object>> list = new ArrayList<>();
        private Topic<Object, Object> output;

        Steps(AgentSpec agent) {
            this.agent = agent;
        }

        void add(Step<Object, Object, Object> step) {
            agent.requireOpen("add a step to chain '" + agent.name() + "'");
            requireNoOutput();
            list.add(step);
        }

        @SuppressWarnings("unchecked")
        void end(Topic<?, ?> topic) {
            requireNoOutput();
            agent.sendsTo(topic);
            output = (Topic<Object, Object>) topic;
        }

        private void requireNoOutput() {
            if (output != null) {
                throw new IllegalStateException("chain '" + agent.name() + "' already ends in topic '" + output.name()
                        + "'; add every step before to(...)");
            }
        }

        void run(Object key, Object value, AgentContext ctx) throws Exception {
            Object current = value;
            for (Step<Object, Object, Object> step : list) {
                current = step.apply(key, current, ctx);
                if (current == null) {
                    return;
                }
            }
            if (output != null) {
                ctx.send(output, key, current);
            }
        }
    }
}
