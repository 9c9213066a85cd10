package dev.mesa.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The one container format of mesa's binary artifacts (checkpoints, model files, generator files): a magic
 * string naming the kind, named byte sections, and a CRC-32 of everything. Writes go through
 * {@link DurableFiles} (temporary file, forced to disk, atomic rename, directory forced), so a reader sees the
 * old file or the new one, never half of one. Reads check the kind and the checksum before anything is parsed.
 */
public final class SectionFile {
    private static final byte[] MAGIC = "MESA".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;

    private final String kind;
    private final Map<String, byte[]> sections;

    public SectionFile(String kind, Map<String, byte[]> sections) {
        this.kind = kind;
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public String kind() {
        return kind;
    }

    public Map<String, byte[]> sections() {
        return sections;
    }

    /** The section {@code name}; a missing section means the file is not what it claims to be. */
    public byte[] section(Path file, String name) {
        byte[] data = sections.get(name);
        if (data == null) {
            throw new CorruptArtifactException(file, "has no '" + name + "' section (not a complete " + kind + ")");
        }
        return data;
    }

    public String text(Path file, String name) {
        return new String(section(file, name), StandardCharsets.UTF_8);
    }

    /** Writes atomically and durably to {@code file} ({@link DurableFiles}). */
    public void write(Path file) {
        byte[] body;
        try {
            body = encode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot encode " + kind + ": " + e.getMessage(), e);
        }
        DurableFiles.writeBytes(file, body);
    }

    /** Reads and verifies {@code file}, which must be of kind {@code expectedKind}. */
    public static SectionFile read(Path file, String expectedKind) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "does not exist", e);
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (all.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new CorruptArtifactException(file, "is not a mesa artifact (bad magic)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new CorruptArtifactException(file, "checksum mismatch: the file is truncated or corrupt");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 8 - MAGIC.length))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new CorruptArtifactException(file, "container format " + format + " is not supported (expected "
                        + FORMAT + ")");
            }
            String kind = in.readUTF();
            if (!kind.equals(expectedKind)) {
                throw new CorruptArtifactException(file, "is a " + kind + ", not a " + expectedKind);
            }
            int count = in.readInt();
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                byte[] data = new byte[length];
                in.readFully(data);
                sections.put(name, data);
            }
            return new SectionFile(kind, sections);
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "malformed sections: " + e.getMessage(), e);
        }
    }

    private byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(kind);
            out.writeInt(sections.size());
            for (Map.Entry<String, byte[]> e : sections.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.flush();
            CRC32 crc = new CRC32();
            byte[] body = bytes.toByteArray();
            crc.update(body);
            out.writeLong(crc.getValue());
        }
        return bytes.toByteArray();
    }
}
