package dev.mesa.activities.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesa.workflows.activity.AddedField;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Removes from a request's JSON tree every {@link AddedField} component (at any depth: settings records, lists and
 * maps of them) that holds its "no change" value. Walks the request object and its JSON mapping side by side, since
 * the annotation is on the record, not in the JSON.
 */
final class UnchangedFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UnchangedFields() {}

    static void strip(Object value, JsonNode node) {
        if (value == null || node == null) {
            return;
        }
        if (value instanceof Record record && node instanceof ObjectNode object) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object child = read(record, component);
                AddedField added = component.getAnnotation(AddedField.class);
                if (added != null && (child == null || sameValue(object.get(component.getName()),
                        unchangedValue(record, component, added)))) {
                    object.remove(component.getName());
                } else {
                    strip(child, object.get(component.getName()));
                }
            }
        } else if (value instanceof List<?> list && node instanceof ArrayNode array) {
            for (int i = 0; i < list.size() && i < array.size(); i++) {
                strip(list.get(i), array.get(i));
            }
        } else if (value instanceof Map<?, ?> map && node instanceof ObjectNode object) {
            map.forEach((k, v) -> strip(v, object.get(String.valueOf(k))));
        }
    }

    /** JSON equality, with numbers compared by value (0, 0.0 and 0L are one value). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b || (a != null ? a.isNull() : b.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static JsonNode unchangedValue(Record record, RecordComponent component, AddedField added) {
        try {
            return JSON.readTree(added.unchangedWhen());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(record.getClass().getSimpleName() + "." + component.getName()
                    + ": @AddedField(unchangedWhen = " + added.unchangedWhen() + ") is not JSON", e);
        }
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "."
                    + component.getName(), e);
        }
    }
}
