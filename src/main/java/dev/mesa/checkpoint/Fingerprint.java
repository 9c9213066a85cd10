package dev.mesa.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canonical text of what a checkpoint belongs to, so that a resumed run refuses a checkpoint of another
 * configuration. Each configuration names its fields explicitly ({@link #with}); the text lists them sorted by name
 * as {@code kind{name=value,...}}, with doubles in their exact hexadecimal form ({@link Double#toHexString}, which no
 * JDK changes), lists in brackets and nested fingerprints inline. Never a record's {@code toString()}: that text
 * changes whenever a component is added, and every checkpoint written before would then be thrown away.
 *
 * <p>A field added later goes in with {@link #withOptional}: it is left out while it holds the value that means "as
 * before", so checkpoints of configurations that do not use it keep their fingerprint.
 */
public final class Fingerprint {
    private final String kind;
    private final Map<String, String> fields = new TreeMap<>();

    private Fingerprint(String kind) {
        this.kind = requireName(kind);
    }

    /** An empty fingerprint of {@code kind} (what the fields describe: {@code mesa}, {@code classifier}, ...). */
    public static Fingerprint of(String kind) {
        return new Fingerprint(kind);
    }

    /**
     * Adds field {@code name}: a String, a boxed number or boolean, an enum, a list of those, or a nested fingerprint.
     */
    public Fingerprint with(String name, Object value) {
        if (fields.putIfAbsent(requireName(name), canonical(value)) != null) {
            throw new IllegalArgumentException("fingerprint " + kind + " already has a field " + name);
        }
        return this;
    }

    /** Adds field {@code name} unless it holds {@code unchangedWhen}, the value that keeps the earlier behaviour. */
    public Fingerprint withOptional(String name, Object value, Object unchangedWhen) {
        return Objects.equals(value, unchangedWhen) ? this : with(name, value);
    }

    /** The canonical text. */
    public String text() {
        StringBuilder out = new StringBuilder(kind).append('{');
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            out.append(field.getKey()).append('=').append(field.getValue());
            first = false;
        }
        return out.append('}').toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private static String canonical(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Fingerprint nested) {
            return nested.text();
        }
        if (value instanceof Double d) {
            return Double.toHexString(d);
        }
        if (value instanceof Float f) {
            return Double.toHexString(f);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof String s) {
            return quoted(s);
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? "," : "").append(canonical(list.get(i)));
            }
            return out.append(']').toString();
        }
        throw new IllegalArgumentException("a fingerprint field must be a string, number, boolean, enum, list or "
                + "fingerprint, not a " + value.getClass().getName() + " (its toString() is not canonical)");
    }

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private static String requireName(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("a fingerprint name is a letter then letters, digits, '_' or '-', got "
                    + name);
        }
        return name;
    }
}
