package dev.mesa.testing;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.model.Classifier;
import dev.mesa.model.TorchScriptContract;
import dev.mesa.model.TorchScriptImporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The TorchScript fixtures of {@code src/test/resources/torchscript/} (written by
 * {@code src/test/python/make_torchscript_fixtures.py}): 4-class classifiers of 3x16x16 images, and data
 * that fits them.
 */
public final class TorchScriptFixtures {
    public static final String SCRIPTED = "residual.scripted.pt";
    public static final String TRACED = "residual.traced.pt";
    public static final int SIZE = 16;
    public static final int CLASSES = 4;
    /** 4 classes of 16x16 synthetic images: 40 training and 40 test images per class. */
    public static final DatasetSplits DATA = SyntheticDataset.generate(new SyntheticDataset.Spec(CLASSES, 40, 40, SIZE, 21));
    public static final TorchScriptContract CONTRACT = new TorchScriptContract(SIZE, DATA.normalization(),
            DATA.train().classNames());

    private TorchScriptFixtures() {}

    public static Path file(String name) {
        try {
            return Path.of(TorchScriptFixtures.class.getResource("/torchscript/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name + ": run src/test/python/make_torchscript_fixtures.py", e);
        }
    }

    public static Classifier load(String name) {
        return TorchScriptImporter.load(file(name), CONTRACT, Device.cpu());
    }

    public static JsonNode json(String name) {
        try {
            return JsonCodec.mapper().readTree(file(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture script's probe_input: {@code x.flatten()[i] = 1.5 sin(0.37 i)} in double, then float. */
    public static NDArray probeInput(NDManager manager, int batch, int size) {
        float[] v = new float[batch * 3 * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.5 * Math.sin(0.37 * i));
        }
        return manager.create(v, new Shape(batch, 3, size, size));
    }

    public static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
