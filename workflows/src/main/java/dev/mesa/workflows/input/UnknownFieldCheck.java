package dev.mesa.workflows.input;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the JSON fields of an input that no record declares, walking the input's records and the lists of records
 * among their components. Each finding names the field by its JSON path ({@code mesa.betaz},
 * {@code triggers[1].sizee}) and the closest declared name at that place, or, when none is close, the names that
 * are. Components that do not capture unknown fields (such as a sweep's {@code checkpoint}, which the workflow itself
 * writes) are not descended into. Deterministic: the same input always gives the same findings, in the same order.
 */
public final class UnknownFieldCheck {
    private UnknownFieldCheck() {}

    /** One line per unknown field, in the order of the walk (record components in declaration order, names sorted). */
    public static List<String> findings(Object input) {
        List<String> found = new ArrayList<>();
        visit(input, "", found);
        return found;
    }

    /** Throws {@link IllegalArgumentException} listing every unknown field of {@code input}; does nothing if none. */
    public static void refuse(Object input) {
        List<String> found = findings(input);
        if (!found.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", found));
        }
    }

    private static void visit(Object value, String path, List<String> found) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (!(value instanceof CapturesUnknownFields captured) || !value.getClass().isRecord()) {
            return;
        }
        RecordComponent[] components = value.getClass().getRecordComponents();
        List<String> declared = Arrays.stream(components).map(RecordComponent::getName)
                .filter(name -> !name.equals(CapturesUnknownFields.COMPONENT)).toList();
        for (String name : new TreeSet<>(captured.unknownFields().keySet())) {
            found.add(describe(child(path, name), name, declared));
        }
        for (RecordComponent component : components) {
            if (!component.getName().equals(CapturesUnknownFields.COMPONENT)) {
                visit(read(component, value), child(path, component.getName()), found);
            }
        }
    }

    private static String describe(String path, String name, List<String> declared) {
        String suggestion = EditDistance.closest(name, declared);
        return "unknown field `" + path + "` " + (suggestion != null ? "(did you mean `" + suggestion + "`?)"
                : "(the fields here are " + String.join(", ", declared) + ")");
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "."
                    + component.getName(), e);
        }
    }
}
