package dev.mesa.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads against a loopback HTTP server serving a small generated CIFAR-10 archive. */
class DatasetDownloaderTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private byte[] archiveBytes;
    private URI base;

    @BeforeEach
    void serve() throws IOException {
        Path archive = CifarBinaryReaderTest.writeTarGz(tmp.resolve("served.tar.gz"), "cifar-10-batches-bin",
                CifarBinaryReaderTest.cifar10Files());
        archiveBytes = Files.readAllBytes(archive);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data/cifar-10-binary.tar.gz", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, archiveBytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archiveBytes);
            }
        });
        server.createContext("/missing", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DatasetDownloader.Archive archive(String md5) {
        return new DatasetDownloader.Archive(base.resolve("/data/cifar-10-binary.tar.gz"), "cifar-10-binary.tar.gz", md5);
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void downloadsVerifiesAndThenReusesTheCachedCopyWithoutNetwork() throws IOException {
        Path cache = tmp.resolve("cache");
        DatasetDownloader downloader = new DatasetDownloader(cache);
        DatasetDownloader.Archive archive = archive(md5(archiveBytes));
        assertFalse(downloader.isCached(archive));

        Path file = downloader.fetch(archive);
        assertEquals(cache.resolve("cifar-10-binary.tar.gz"), file);
        assertArrayEquals(archiveBytes, Files.readAllBytes(file));
        assertEquals(List.of(file), filesIn(cache), "no partial files left");
        assertEquals(1, requests.get());
        assertEquals(15, new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(file).train().size());

        server.stop(0);
        assertTrue(downloader.isCached(archive));
        assertEquals(file, new DatasetDownloader(cache).fetch(archive));
        assertEquals(1, requests.get(), "the cached copy must be used without any request");
    }

    @Test
    void checksumMismatchFailsAndKeepsNothing() throws IOException {
        Path cache = tmp.resolve("cache");
        String wrong = md5("something else".getBytes());
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new DatasetDownloader(cache).fetch(archive(wrong)));
        assertTrue(e.getMessage().contains("MD5") && e.getMessage().contains(wrong)
                && e.getMessage().contains(md5(archiveBytes)), e.getMessage());
        assertEquals(List.of(), filesIn(cache));
    }

    @Test
    void corruptCachedCopyIsDownloadedAgain() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.write(cache.resolve("cifar-10-binary.tar.gz"), new byte[] {1, 2, 3});
        DatasetDownloader.Archive archive = archive(md5(archiveBytes));
        Path file = new DatasetDownloader(cache).fetch(archive);
        assertArrayEquals(archiveBytes, Files.readAllBytes(file));
        assertEquals(1, requests.get());
    }

    @Test
    void httpErrorFailsClearlyAndKeepsNothing() throws IOException {
        Path cache = tmp.resolve("cache");
        DatasetDownloader.Archive missing = new DatasetDownloader.Archive(base.resolve("/missing"), "x.tar.gz",
                md5(archiveBytes));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new DatasetDownloader(cache).fetch(missing));
        assertTrue(e.getMessage().contains("404") && e.getMessage().contains("/missing"), e.getMessage());
        assertEquals(List.of(), filesIn(cache));
    }

    @Test
    void unreachableServerFailsClearly() {
        server.stop(0);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new DatasetDownloader(tmp.resolve("cache")).fetch(archive(md5(archiveBytes))));
        assertTrue(e.getMessage().contains("cannot download") && e.getMessage().contains("local copy"), e.getMessage());
    }
}
