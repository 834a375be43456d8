package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.GlobalOpenTelemetry;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TracingTest {

    @Test
    void shouldStayOffAndLeaveTheGlobalUnsetWithoutAnSdk() {
        assertNull(Tracing.tracer(), "no SDK registered: no tracer, so agents skip tracing");
        assertFalse(GlobalOpenTelemetry.isSet(), "asking does not register the no-op (a later SDK can still register)");
        RecordHeaders headers = new RecordHeaders();
        Tracing.injectCurrent(headers);
        assertNull(headers.lastHeader(Tracing.TRACEPARENT), "no span, no header");
    }
}
