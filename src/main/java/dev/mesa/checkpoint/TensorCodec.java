package dev.mesa.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Bytes for the tensors of a block or an optimizer, for {@link SectionFile} sections. */
public final class TensorCodec {
    private TensorCodec() {}

    /** All parameters of {@code block} (including BatchNorm running statistics). */
    public static byte[] encodeParameters(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads parameters saved by {@link #encodeParameters} into an initialised block of the same architecture.
     * DJL checks parameter names but not shapes, so the shapes are compared here.
     */
    public static void decodeParameters(Block block, NDManager manager, byte[] data, Path source) {
        List<Shape> expected = shapes(block);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new CorruptArtifactException(source, "parameters do not fit the declared architecture ("
                    + e.getMessage() + ")", e);
        }
        List<Shape> actual = shapes(block);
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new CorruptArtifactException(source, "parameters do not fit the declared architecture ("
                        + block.getParameters().keys().get(i) + " has shape " + actual.get(i) + ", expected "
                        + expected.get(i) + ")");
            }
        }
    }

    private static List<Shape> shapes(Block block) {
        return block.getParameters().values().stream().map(p -> p.getArray().getShape()).toList();
    }

    public static byte[] encodeArrays(NDList arrays) {
        return arrays.encode();
    }

    public static NDList decodeArrays(NDManager manager, byte[] data, Path source) {
        try {
            return NDList.decode(manager, data);
        } catch (RuntimeException e) {
            throw new CorruptArtifactException(source, "malformed tensor section (" + e.getMessage() + ")", e);
        }
    }
}
