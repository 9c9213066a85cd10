package dev.mesa.activities.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesa.workflows.activity.AddedField;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeMap;

/**
 * The identity of a request: its canonical JSON and the SHA-256 of it. Two requests with the same content (after
 * the caller applied the defaults) get the same hash, so they address the same run directory. The canonical JSON is
 * Temporal's own JSON mapping of the record (every component, null included), with
 * <ul>
 *   <li>every component marked {@link AddedField} removed while it holds its "no change" value, so adding an
 *       optional field to a request does not change the key of any request that does not use it;</li>
 *   <li>the named non-semantic top-level fields removed (labels that do not change the result);</li>
 *   <li>object keys sorted, no whitespace.</li>
 * </ul>
 * Never {@code toString()}: the text of a record changes whenever a component is added.
 */
public final class RequestFingerprint {
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    /** Hex characters of the hash used in keys (64 bits: collisions are not a practical concern for one store). */
    static final int KEY_HASH_LENGTH = 16;

    private final JsonNode canonical;
    private final String sha256;

    private RequestFingerprint(JsonNode canonical, String sha256) {
        this.canonical = canonical;
        this.sha256 = sha256;
    }

    public static RequestFingerprint of(Object request, Set<String> ignoredFields) {
        JsonNode mapped = MAPPER.valueToTree(request);
        UnchangedFields.strip(request, mapped);
        JsonNode tree = sorted(mapped);
        if (tree instanceof ObjectNode object) {
            ignoredFields.forEach(object::remove);
        }
        return hash(tree, request.getClass().getSimpleName());
    }

    private static RequestFingerprint hash(JsonNode tree, String what) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(tree);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return new RequestFingerprint(tree, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint " + what, e);
        }
    }

    /** The fingerprint of a canonical request read back from the store (already sorted and stripped). */
    public static RequestFingerprint ofCanonical(JsonNode canonical) {
        return hash(sorted(canonical), "a stored request");
    }

    public JsonNode canonical() {
        return canonical;
    }

    public String sha256() {
        return sha256;
    }

    public String shortHash() {
        return sha256.substring(0, KEY_HASH_LENGTH);
    }

    public String canonicalJson() {
        return canonical.toString();
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                fields.put(name, sorted(node.get(name)));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }
}
