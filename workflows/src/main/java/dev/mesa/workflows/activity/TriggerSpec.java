package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.List;
import java.util.Map;

/**
 * A trigger pattern, by recipe rather than by pixels.
 *
 * @param kind     {@code bw} (black-white pattern id), {@code color} (seeded random colour pattern) or
 *                 {@code file} (a stored pattern)
 * @param id       {@code bw}: the 9-bit pattern id of docs/ALGORITHM.md (most significant bit = top-left pixel, row-major,
 *                 1 = white); {@code color}: the index in the seeded set; {@code file}: an optional label
 * @param size     side of the square patch (default 3)
 * @param seed     {@code color} only: seed of the colour set (default {@link #COLOR_SET_SEED})
 * @param artifact {@code file} only: artifact key or absolute path of the stored pattern
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerSpec(String kind, Integer id, Integer size, Long seed, String artifact,
                          @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public static final String BLACK_WHITE = "bw";
    public static final String COLOR = "color";
    public static final String FILE = "file";
    public static final List<String> KINDS = List.of(BLACK_WHITE, COLOR, FILE);
    /** Seed of the project's fixed colour-trigger set, so {@code color10} names the same ten patterns everywhere. */
    public static final long COLOR_SET_SEED = 2019L;

    public TriggerSpec {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public TriggerSpec(String kind, Integer id, Integer size, Long seed, String artifact) {
        this(kind, id, size, seed, artifact, Map.of());
    }

    public static TriggerSpec blackWhite(int id) {
        return new TriggerSpec(BLACK_WHITE, id, 3, null, null);
    }

    public static TriggerSpec color(int index) {
        return new TriggerSpec(COLOR, index, 3, COLOR_SET_SEED, null);
    }

    public TriggerSpec withDefaults() {
        Long colourSeed = COLOR.equals(kind) ? SettingChecks.orDefault(seed, COLOR_SET_SEED) : seed;
        return new TriggerSpec(kind, id, SettingChecks.orDefault(size, 3), colourSeed, artifact);
    }

    public TriggerSpec validate() {
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("trigger.kind must be one of " + KINDS + ", got " + kind);
        }
        SettingChecks.atLeast("trigger.size", size, 1);
        if (BLACK_WHITE.equals(kind)) {
            int bits = size * size;
            if (id == null || id < 0 || (bits < 31 && id >= (1 << bits))) {
                throw new IllegalArgumentException("trigger.id of a " + size + "x" + size + " bw trigger must be in [0, "
                        + (bits < 31 ? (1 << bits) : "2^" + bits) + "), got " + id);
            }
        }
        if (COLOR.equals(kind) && (id == null || id < 0)) {
            throw new IllegalArgumentException("trigger.id of a color trigger must be an index >= 0, got " + id);
        }
        if (FILE.equals(kind) && (artifact == null || artifact.isBlank())) {
            throw new IllegalArgumentException("trigger.artifact is required for a file trigger");
        }
        return this;
    }

    /** Short stable name used in workflow ids, variant names and reports: {@code bw-170}, {@code color-3}, {@code file-2}. */
    public String label() {
        return kind + "-" + (id != null ? id.toString() : "x");
    }
}
