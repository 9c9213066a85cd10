package dev.mesa.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.trigger.TriggerPattern;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A single trigger on disk ({@code trigger.json}): name, shape and the C×h×w intensities in [0, 1], channel-major.
 * The baseline's reversed triggers are stored this way; a {@code file} trigger spec reads it back.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredTrigger(String name, int channels, int height, int width, float[] values) {
    public static final String FILE_NAME = "trigger.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void write(Path file, TriggerPattern pattern) {
        StoredTrigger stored = new StoredTrigger(pattern.name(), pattern.channels(), pattern.height(), pattern.width(),
                pattern.values());
        try {
            DurableFiles.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(stored));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode trigger " + pattern.name(), e);
        }
    }

    /** Reads a stored trigger (a directory means its {@code trigger.json}). */
    public static TriggerPattern read(Path location) {
        Path file = location.toFile().isDirectory() ? location.resolve(FILE_NAME) : location;
        try {
            StoredTrigger t = MAPPER.readValue(file.toFile(), StoredTrigger.class);
            return new TriggerPattern(t.name(), t.channels(), t.height(), t.width(), t.values());
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new CorruptArtifactException(file, "not a stored trigger: " + e.getMessage(), e);
        }
    }
}
