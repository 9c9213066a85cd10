package dev.mesa.activities.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Two runs keep separate series; a run idle for the retention loses its series, and gets them back if it reports. */
class GaugeBoardTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong();
    private final GaugeBoard board = new GaugeBoard(registry, Duration.ofMinutes(60), now::get);

    private Double asr(String run) {
        var gauge = registry.find("mesa.asr.ratio").tag("run", run).gauge();
        return gauge == null ? null : gauge.value();
    }

    @Test
    void runsKeepSeparateSeriesAndIdleRunsExpire() {
        board.set("mesa.asr.ratio", Tags.of("run", "sweep/a", "trigger", "bw-170"), 0.9);
        board.set("mesa.asr.ratio", Tags.of("run", "sweep/b", "trigger", "bw-170"), 0.1);
        board.set("mesa.training.progress.ratio", Tags.of("loop", "mesa"), 0.5);
        assertEquals(0.9, asr("sweep/a"));
        assertEquals(0.1, asr("sweep/b"), "the second sweep does not overwrite the first");

        now.addAndGet(Duration.ofMinutes(45).toNanos());
        board.set("mesa.asr.ratio", Tags.of("run", "sweep/b", "trigger", "bw-7"), 0.2);
        assertEquals(0, board.expireIdleRuns(), "nothing is idle for an hour yet");

        now.addAndGet(Duration.ofMinutes(20).toNanos());
        assertEquals(1, board.expireIdleRuns(), "sweep/a was idle for 65 minutes");
        assertNull(asr("sweep/a"));
        assertEquals(0.1, asr("sweep/b"));
        assertEquals(0.5, registry.get("mesa.training.progress.ratio").gauge().value(), "gauges without a run stay");

        board.set("mesa.asr.ratio", Tags.of("run", "sweep/a", "trigger", "bw-170"), 0.8);
        assertEquals(0.8, asr("sweep/a"), "a run that reports again is shown again");
        board.stopExpiry();
    }
}
