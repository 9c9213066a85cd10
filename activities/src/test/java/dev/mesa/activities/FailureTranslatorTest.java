package dev.mesa.activities;

import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.workflows.activity.FailureTypes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full disk is a retryable store failure whichever I/O path met it; other I/O failures stay plain retries. */
class FailureTranslatorTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FailureTranslator translator = new FailureTranslator(new MesaMetrics(registry));

    @Test
    void aFullDiskOnAPlainIoPathIsTheRetryableStoreFailure() {
        ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> translator.run("WriteReport", () -> {
            throw new UncheckedIOException("cannot write triggers-tsne.png",
                    new IOException("No space left on device"));
        }));
        assertEquals(FailureTypes.STORE_UNAVAILABLE, failure.getType());
        assertFalse(failure.isNonRetryable());
        assertTrue(failure.getOriginalMessage().contains("the disk is full"), failure.getOriginalMessage());
    }

    @Test
    void anotherIoFailureIsRetriedAsItIs() {
        assertThrows(UncheckedIOException.class, () -> translator.run("WriteReport", () -> {
            throw new UncheckedIOException("cannot read x", new IOException("Input/output error"));
        }));
    }
}
