package dev.mesa.bench;

import dev.mesa.checkpoint.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A result record in {@code bench/results/}: benchmark name, machine and date, the exact command, then the numbers. */
final class BenchRecord {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRecord.class);

    private BenchRecord() {}

    /** A new record holding {@code benchmark}, {@code machine} and {@code command}, in that order. */
    static Map<String, Object> start(String benchmark, String mainClass) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", benchmark);
        record.put("machine", MachineInfo.describe());
        record.put("command", System.getProperty("mesa.bench.command", "bench/run " + mainClass));
        return record;
    }

    static void write(Path file, Map<String, Object> record) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JsonCodec.toText(record));
        LOG.info("wrote {}", file);
    }

    /** Prints {@code record} as one JSON line on standard output (what {@code bench/hotloops.py} reads back). */
    static void printLine(Map<String, Object> record) {
        System.out.println(JsonCodec.mapper().copy()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).valueToTree(record).toString());
    }
}
