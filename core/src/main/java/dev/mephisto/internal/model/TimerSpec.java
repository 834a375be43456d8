package dev.mephisto.internal.model;

import dev.mephisto.Timer;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;

/** A periodic callback declared on an agent. */
public record TimerSpec(Duration interval, PunctuationType type, Timer timer) {
}
