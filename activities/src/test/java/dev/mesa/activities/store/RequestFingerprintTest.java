package dev.mesa.activities.store;

import dev.mesa.activities.ModelKeys;
import dev.mesa.workflows.activity.AddedField;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.TrainClassifierRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run keys survive the evolution of requests: a request record that gains an optional field (at the top level or in
 * a nested settings record) keeps the key of every request that leaves the field at its "no change" value, and a
 * request that uses the field gets a new key. Keys made before the rule existed are pinned.
 */
class RequestFingerprintTest {
    /** A request as first released. */
    record SettingsV1(int epochs, Double learningRate, List<Integer> classes) {}

    record RequestV1(String modelKey, SettingsV1 settings, long seed, String note) {}

    /** The same request a release later: one optional field in the nested settings, one at the top level. */
    record SettingsV2(int epochs, Double learningRate, List<Integer> classes,
                      @AddedField(unchangedWhen = "0.0") Double dropout) {}

    record RequestV2(String modelKey, SettingsV2 settings, long seed, String note,
                     @AddedField(unchangedWhen = "\"uniform\"") String mixing) {}

    private static String key(Object request) {
        return ArtifactStore.keyFor("models/clean", "compact", request, Set.of());
    }

    private static final RequestV1 V1 = new RequestV1("models/x", new SettingsV1(3, 0.05, List.of(0, 1)), 7L, null);

    private static RequestV2 v2(Double dropout, String mixing) {
        return new RequestV2("models/x", new SettingsV2(3, 0.05, List.of(0, 1), dropout), 7L, null, mixing);
    }

    @Test
    void anAddedFieldAtItsNoChangeValueKeepsTheKey() {
        assertEquals(key(V1), key(v2(0.0, "uniform")), "explicit no-change values");
        assertEquals(key(V1), key(v2(null, null)), "absent (null) added fields");
        assertEquals(key(V1), key(v2(0.0, null)));
    }

    @Test
    void anAddedFieldWithAnyOtherValueChangesTheKey() {
        assertNotEquals(key(V1), key(v2(0.1, "uniform")), "a nested added field in use");
        assertNotEquals(key(V1), key(v2(0.0, "cycle")), "a top-level added field in use");
        assertNotEquals(key(v2(0.1, null)), key(v2(0.2, null)));
    }

    @Test
    void fieldsThatWereThereFromTheStartStayInTheFingerprintNullIncluded() {
        RequestFingerprint fingerprint = RequestFingerprint.of(V1, Set.of());
        assertTrue(fingerprint.canonical().has("note"), "a null original field is written: " + fingerprint.canonicalJson());
        assertTrue(fingerprint.canonical().get("note").isNull());
        assertFalse(RequestFingerprint.of(v2(0.0, null), Set.of()).canonical().has("mixing"));
        assertFalse(RequestFingerprint.of(v2(0.0, null), Set.of()).canonical().path("settings").has("dropout"));
        assertEquals(fingerprint.canonicalJson(), RequestFingerprint.of(v2(null, null), Set.of()).canonicalJson(),
                "the same canonical JSON, not only the same hash");
    }

    @Test
    void theCanonicalJsonIsSortedCompactAndHashedAsStored() {
        RequestFingerprint fingerprint = RequestFingerprint.of(V1, Set.of());
        assertEquals("{\"modelKey\":\"models/x\",\"note\":null,\"seed\":7,\"settings\":{\"classes\":[0,1],\"epochs\":3,"
                + "\"learningRate\":0.05}}", fingerprint.canonicalJson());
        assertEquals(fingerprint.sha256(), RequestFingerprint.ofCanonical(fingerprint.canonical()).sha256(),
                "a request read back from request.json hashes the same");
    }

    @Test
    void ignoredLabelFieldsDoNotChangeTheKey() {
        assertEquals(ArtifactStore.keyFor("evaluations", "bw-170", V1, Set.of("note")),
                ArtifactStore.keyFor("evaluations", "bw-170", new RequestV1("models/x", V1.settings(), 7L, "beta=0.9"),
                        Set.of("note")));
    }

    /** A key stored before the rule existed (the activities' test request); it must never change. */
    @Test
    void keysMadeBeforeTheRuleAreUnchanged() {
        TrainClassifierRequest request = new TrainClassifierRequest(
                new DatasetSpec(DatasetSpec.SYNTHETIC, null, 10, 60, 30, 16, 3L),
                new ClassifierSettings(ClassifierSettings.COMPACT, 2, 32, 0.05, 5e-4, 0.25), 11);
        assertEquals("models/clean/compact-synthetic-f1e6b8a4ab7b7de4", ModelKeys.clean(request));
    }
}
