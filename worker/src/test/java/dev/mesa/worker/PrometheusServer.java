package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real {@code prometheus} process (Debian's package, as {@code .ci/setup-test-tools} installs it) on a free loopback
 * port, and the parts of its HTTP API the tests use. Closing stops that one process (by its handle), never anything
 * else.
 */
final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path log;
    private final String base;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Where the test tools come from: the script the README's test command runs first. */
    static final String SETUP_SCRIPT = ".ci/setup-test-tools";

    /** The executable {@code name} on PATH; fails (never skips) with how to install it. */
    static Path executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " not found on PATH (" + System.getenv("PATH") + "): run " + SETUP_SCRIPT
                + " (installs Debian's prometheus and libtcmalloc-minimal4) or apt-get install prometheus (it brings"
                + " prometheus and promtool). This test fails rather than skips without it.");
    }

    /** A free TCP port on the loopback interface (closed again: the process that gets it binds it next). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts Prometheus on {@code config} with its TSDB in {@code work} and waits until it is ready. */
    static PrometheusServer start(Path config, Path work) throws InterruptedException {
        Path binary = executable("prometheus");
        AssertionError last = null;
        for (int attempt = 1; attempt <= 3; attempt++) { // another process may take the free port in between
            int port = freePort();
            Path log = work.resolve("prometheus-" + attempt + ".log");
            Process p;
            try {
                p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                        "--storage.tsdb.path=" + work.resolve("tsdb-" + attempt), "--web.listen-address=127.0.0.1:" + port,
                        "--web.enable-lifecycle", "--log.level=info")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + binary, e);
            }
            PrometheusServer server = new PrometheusServer(p, log, port);
            try {
                server.awaitReady(Duration.ofSeconds(60));
                return server;
            } catch (AssertionError e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus was not ready within " + timeout + ":\n" + log());
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** {@code GET /api/v1/<path>?<params>}: the {@code data} of a successful answer; an error answer throws. */
    JsonNode api(String path, Map<String, String> params) throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/" + path
                + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = MonitoringFiles.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ApiError("HTTP " + r.statusCode() + ", not JSON: " + r.body());
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new ApiError(body.path("errorType").asText("HTTP " + r.statusCode()) + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    /** An instant query at {@code time} (Unix seconds): the result's {@code data}. */
    JsonNode query(String expr, double time) throws IOException, InterruptedException {
        return api("query", Map.of("query", expr, "time", String.format(java.util.Locale.ROOT, "%.3f", time)));
    }

    /** Whether an instant query's data holds a value: a non-empty vector or matrix, or a scalar/string. */
    static boolean hasData(JsonNode data) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        return type.equals("scalar") || type.equals("string") ? !result.isMissingNode() : result.size() > 0;
    }

    /** Whether every value of a vector result is NaN. */
    static boolean onlyNaN(JsonNode data) {
        if (!data.path("resultType").asText().equals("vector") || data.path("result").isEmpty()) {
            return false;
        }
        for (JsonNode sample : data.path("result")) {
            if (!sample.path("value").get(1).asText().equals("NaN")) {
                return false;
            }
        }
        return true;
    }

    /** The single value of an instant query, or NaN when it returned nothing. */
    double value(String expr, double time) throws IOException, InterruptedException {
        JsonNode data = query(expr, time);
        JsonNode result = data.path("result");
        if (data.path("resultType").asText().equals("scalar")) {
            return Double.parseDouble(result.get(1).asText());
        }
        return result.size() == 0 ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    List<JsonNode> series(String selector) throws IOException, InterruptedException {
        return list(api("series", Map.of("match[]", selector)));
    }

    List<String> labelValues(String label, String selector) throws IOException, InterruptedException {
        return list(api("label/" + label + "/values", Map.of("match[]", selector))).stream().map(JsonNode::asText).toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM to this process only
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** An error answer of the HTTP API (a PromQL parse or evaluation error, a bad matcher). */
    static final class ApiError extends IOException {
        ApiError(String message) {
            super(message);
        }
    }
}
