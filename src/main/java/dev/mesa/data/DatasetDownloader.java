package dev.mesa.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a dataset archive into a cache directory and verifies its MD5 checksum (the checksum the
 * dataset's authors publish). A cached copy whose checksum matches is reused without any network access;
 * a download that does not match is deleted and reported.
 */
public final class DatasetDownloader {
    /** A downloadable archive and its published checksum. */
    public record Archive(URI uri, String fileName, String md5) {}

    public static final Archive CIFAR10 = new Archive(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
            "cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530");
    public static final Archive CIFAR100 = new Archive(URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
            "cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8");

    private final HttpClient client;
    private final Path cacheDir;

    public DatasetDownloader(Path cacheDir) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), cacheDir);
    }

    public DatasetDownloader(HttpClient client, Path cacheDir) {
        this.client = client;
        this.cacheDir = cacheDir;
    }

    /** The cached file for {@code archive}, if present and intact. */
    public boolean isCached(Archive archive) {
        Path file = cacheDir.resolve(archive.fileName());
        return Files.isRegularFile(file) && archive.md5().equalsIgnoreCase(md5(file));
    }

    /** Returns the verified cached archive, downloading it first if needed. */
    public Path fetch(Archive archive) {
        Path target = cacheDir.resolve(archive.fileName());
        if (isCached(archive)) {
            return target;
        }
        try {
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempFile(cacheDir, archive.fileName(), ".part");
            try {
                String actual = download(archive.uri(), partial);
                if (!actual.equalsIgnoreCase(archive.md5())) {
                    throw new InvalidDataException("download of " + archive.uri() + " has MD5 " + actual
                            + " but " + archive.md5() + " was expected: corrupt or wrong file, not kept");
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new InvalidDataException("cannot download " + archive.uri() + " into " + cacheDir + ": " + e
                    + " (offline? give a local copy of the dataset instead)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidDataException("download of " + archive.uri() + " interrupted", e);
        }
    }

    private String download(URI uri, Path target) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            MessageDigest md5 = md5Digest();
            try (DigestInputStream in = new DigestInputStream(body, md5); OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
            return HexFormat.of().formatHex(md5.digest());
        }
    }

    static String md5(Path file) {
        MessageDigest md5 = md5Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new InvalidDataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
