package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's processes on one machine, as {@code deploy/} runs them: {@code mesa dev --no-worker} (the embedded
 * Temporal server alone), a worker on the training queue and one on the default queue (workflows, evaluation,
 * reports), both on one artifact store, and {@code mesa run} following the sweep. It scrapes every worker's
 * {@code /metrics} and keeps the last values of each process, also of the dead ones.
 */
final class SoakCluster implements AutoCloseable {
    static final String TRAINING_QUEUE = "mesa-training";
    static final String DEFAULT_QUEUE = "mesa";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{([^}]*)})?\\s+([-+0-9.eEInfNa]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** A worker process and its metrics port. */
    record Worker(SoakProcess process, String queue, int metricsPort) {}

    private final Path work;
    private final Path store;
    private final Path cache;
    private final int port = PrometheusServer.freePort();
    private final Map<String, Map<String, Double>> lastScrape = new LinkedHashMap<>();
    private final List<Worker> workers = new ArrayList<>();
    private SoakProcess server;
    private SoakProcess follower;
    private int started;

    SoakCluster(Path work, Path store, Path cache) {
        this.work = work;
        this.store = store;
        this.cache = cache;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    private Path log(String name) {
        return work.resolve(name + ".log");
    }

    void startServer() throws Exception {
        String name = "server-" + (++started);
        server = SoakProcess.start(name, log(name), List.of("dev", "--no-worker", "--port", Integer.toString(port)));
        awaitLog(server, "mesa dev: Temporal dev server on", Duration.ofSeconds(90));
    }

    /** kill -9 of the server: every execution and its history are gone. */
    void killServer() throws InterruptedException {
        server.kill();
    }

    Worker startWorker(String queue) throws Exception {
        String name = (queue.equals(TRAINING_QUEUE) ? "training-" : "default-") + (++started);
        int metricsPort = PrometheusServer.freePort();
        SoakProcess p = SoakProcess.start(name, log(name), List.of("worker", "--address", address(), "--task-queue",
                queue, "--store", store.toString(), "--cache", cache.toString(), "--checkpoint-every", "2",
                "--metrics-bind", "127.0.0.1:" + metricsPort));
        awaitLog(p, "mesa worker:", Duration.ofSeconds(90));
        Worker w = new Worker(p, queue, metricsPort);
        workers.add(w);
        return w;
    }

    Worker worker(String queue) {
        return workers.stream().filter(w -> w.queue().equals(queue) && w.process().alive()).findFirst().orElseThrow();
    }

    /** Forgets a worker that was stopped (its last scrape stays counted). */
    void retire(Worker w) {
        workers.remove(w);
    }

    void submit(Path input) {
        String name = "run-" + (++started);
        follower = SoakProcess.start(name, log(name), List.of("run", input.toString(), "--address", address()));
    }

    SoakProcess follower() {
        return follower;
    }

    /** {@code mesa status ID}: the closed execution's result as JSON. */
    JsonNode result(String workflowId) throws Exception {
        String name = "status-" + (++started);
        try (SoakProcess status = SoakProcess.start(name, log(name), List.of("status", workflowId, "--address",
                address()))) {
            Integer code = status.waitFor(Duration.ofMinutes(2));
            String out = status.log();
            int brace = out.indexOf("\n{");
            if (!Integer.valueOf(0).equals(code) || brace < 0) {
                throw new AssertionError("mesa status " + workflowId + " exited " + code + ":\n" + out);
            }
            return new ObjectMapper().readTree(out.substring(brace + 1));
        }
    }

    /** Scrapes one worker now; false if it did not answer. */
    boolean scrape(Worker w) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.metricsPort()
                    + "/metrics")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return false;
            }
            lastScrape.put(w.process().name(), parse(r.body()));
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void scrapeAll() {
        for (Worker w : List.copyOf(workers)) {
            if (w.process().alive()) {
                scrape(w);
            }
        }
    }

    /** The counters summed over every worker process this cluster ran (each at its last scrape). */
    Map<String, Double> totals() {
        Map<String, Double> sum = new TreeMap<>();
        lastScrape.values().forEach(m -> m.forEach((k, v) -> sum.merge(k, v, Double::sum)));
        return sum;
    }

    /** The counters the soak reports: steps, resumes, failed attempts by type, quarantined and recomputed artifacts. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> values = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double v = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "mesa_training_steps_total" -> values.merge("steps", v, Double::sum);
                case "mesa_activity_resumes_total" -> values.merge("resumes", v, Double::sum);
                case "mesa_activity_failures_total" -> values.merge("failures:" + labels.get("type"), v, Double::sum);
                case "mesa_artifacts_quarantined_total" -> values.merge("quarantined:" + labels.get("kind"), v, Double::sum);
                case "mesa_artifacts_recomputed_total" -> values.merge("recomputed:" + labels.get("kind"), v, Double::sum);
                case "temporal_activity_execution_failed_total" -> values.merge("sdk_failed_attempts", v, Double::sum);
                default -> { }
            }
        }
        return values;
    }

    static void awaitLog(SoakProcess p, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (p.log().contains(text)) {
                return;
            }
            if (!p.alive()) {
                throw new AssertionError(p.name() + " exited before '" + text + "':\n" + p.log());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(p.name() + " did not print '" + text + "' within " + timeout + ":\n" + p.log());
    }

    @Override
    public void close() throws Exception {
        if (follower != null) {
            follower.close();
        }
        for (Worker w : workers) {
            w.process().close();
        }
        if (server != null) {
            server.close();
        }
        Files.createDirectories(work);
    }
}
