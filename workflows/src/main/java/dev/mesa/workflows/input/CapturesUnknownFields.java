package dev.mesa.workflows.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record read from a user's JSON that keeps the fields it does not declare. Each implementing record ends with a
 * component {@code @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields}: Jackson fills it with every JSON
 * field that matches no other component (so nothing fails while reading) and never writes it back (so no payload,
 * run key or history changes because of it). {@link UnknownFieldCheck} then refuses what it holds.
 */
public interface CapturesUnknownFields {
    /** Name of the capturing component; it is not a field users can set. */
    String COMPONENT = "unknownFields";

    /** The JSON fields of this object that match no component, by name (empty for records built in code). */
    Map<String, Object> unknownFields();

    /** What a record's compact constructor stores: an unmodifiable copy, empty for null (values may be null). */
    static Map<String, Object> copyOf(Map<String, Object> fields) {
        return fields == null || fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
