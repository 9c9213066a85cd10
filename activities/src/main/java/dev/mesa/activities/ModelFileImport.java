package dev.mesa.activities;

import ai.djl.Device;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.data.Normalization;
import dev.mesa.model.Classifier;
import dev.mesa.model.InvalidModelException;
import dev.mesa.model.ModelFile;
import dev.mesa.model.TorchScriptContract;
import dev.mesa.model.TorchScriptImporter;
import dev.mesa.workflows.activity.ModelSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Brings a user's model file ({@link ModelSpec}) into the artifact store, once: the file is read (never written),
 * checked by {@link TorchScriptImporter} and stored as a {@code .mesa-model} holding the module, under a key made
 * from the SHA-256 of the file's bytes and the declared contract ({@code models/imported/sha256-<16 hex>-<hash>}).
 * The same bytes with the same contract always give the same key, whatever the file's name or place, and every
 * later step of a run names the model by that key, so every run key carries the file's content hash. A second
 * import of the same content reuses the stored copy.
 */
final class ModelFileImport {
    static final String KIND = "models/imported";
    static final String ACTIVITY = InputDescribing.ACTIVITY;

    /** What identifies an imported model: the file's content and the contract it was declared with. */
    record Identity(String format, String sha256, int inputSize, List<Double> mean, List<Double> std,
                    List<String> classNames) {}

    /** A checked model file: its output width and, when it was stored, its artifact key. */
    record Imported(String key, int outputs) {}

    private ModelFileImport() {}

    /** Checks {@code spec}'s file and stores it in the worker's artifact store (or finds it stored). */
    static Imported into(ActivityResources resources, ModelSpec spec) {
        Identity identity = identity(spec.validate());
        RunDirectory run = resources.store().run(KIND, "sha256-" + identity.sha256().substring(0, 16), ACTIVITY,
                identity, Set.of());
        if (run.complete()) {
            return run.result(Imported.class);
        }
        try (Classifier classifier = TorchScriptImporter.load(Path.of(spec.path()), contract(spec), resources.device())) {
            ModelFile.save(run.file(ModelFiles.MODEL), classifier, "unknown (a user's model file)", "imported from "
                    + spec.path() + " (" + spec.format() + ", sha256 " + identity.sha256() + ")");
            return run.finish(new Imported(run.key(), classifier.numClasses()));
        }
    }

    /** Checks {@code spec}'s file without storing anything (the client's check before it submits a run). */
    static Imported check(ModelSpec spec, Device device) {
        try (Classifier classifier = TorchScriptImporter.load(Path.of(spec.validate().path()), contract(spec), device)) {
            return new Imported(null, classifier.numClasses());
        }
    }

    static TorchScriptContract contract(ModelSpec spec) {
        return new TorchScriptContract(spec.inputSize(), new Normalization(floats(spec.mean()), floats(spec.std())),
                spec.classNames());
    }

    static Identity identity(ModelSpec spec) {
        return new Identity(spec.format(), sha256(Path.of(spec.path())), spec.inputSize(), spec.mean(), spec.std(),
                spec.classNames());
    }

    /** The SHA-256 of a file's bytes, in hex; a missing or unreadable file is the user's to fix. */
    static String sha256(Path file) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchFileException e) {
            throw new InvalidModelException("model.path " + file + ": no such file on this worker", e);
        } catch (IOException e) {
            throw new InvalidModelException("model.path " + file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
