package dev.mesa.worker.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code mesa_process_resident_memory_bytes}: the process's resident set size ({@code VmRSS} of
 * {@code /proc/self/status}), the only view of DJL's native tensor memory, which the JVM heap metrics miss.
 * NaN where {@code /proc} is not available.
 */
final class ProcessMemory {
    static final String NAME = "mesa.process.resident.memory.bytes";
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    static void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, ProcessMemory::residentBytes)
                .description("resident set size of the worker process (native tensors included)").register(registry);
    }

    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
