package dev.mesa.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Short SHA-256 digests (16 hex digits) that identify data by content. */
final class ContentDigest {
    private static final int HEX_DIGITS = 16;

    private ContentDigest() {
    }

    static String ofFile(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return shortHex(sha);
    }

    static String of(byte[] pixels, int[] labels, List<String> classNames) {
        MessageDigest sha = sha256();
        sha.update(pixels);
        ByteBuffer labelBytes = ByteBuffer.allocate(labels.length * Integer.BYTES);
        labelBytes.asIntBuffer().put(labels);
        sha.update(labelBytes.array());
        sha.update(String.join("\n", classNames).getBytes(StandardCharsets.UTF_8));
        return shortHex(sha);
    }

    private static String shortHex(MessageDigest sha) {
        return HexFormat.of().formatHex(sha.digest()).substring(0, HEX_DIGITS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
