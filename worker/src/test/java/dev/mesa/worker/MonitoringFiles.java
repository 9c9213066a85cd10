package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's monitoring and deployment files, read the way Grafana and Prometheus read them. */
final class MonitoringFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The repository root (tests run in {@code worker/}). */
    static final Path ROOT = findRoot();
    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    static final Path PROVISIONING = ROOT.resolve("grafana/provisioning");
    static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus");
    static final Path RULES = PROMETHEUS.resolve("rules");
    static final Path COMPOSE = ROOT.resolve("deploy/compose/docker-compose.yml");
    static final Path K8S = ROOT.resolve("deploy/k8s");

    /** One PromQL expression of a dashboard: a panel target's {@code expr}. */
    record PanelQuery(String dashboard, String panel, String refId, String expr) {
        String where() {
            return "dashboard '" + dashboard + "' / panel '" + panel + "' / target " + refId;
        }
    }

    /** A query-type template variable of a dashboard. */
    record Variable(String dashboard, String name, String query) {
        String where() {
            return "dashboard '" + dashboard + "' / variable $" + name;
        }
    }

    /** One rule of a rule file. */
    record Rule(String file, String group, String name, boolean alert, String expr) {
        String where() {
            return file + " / group " + group + " / " + (alert ? "alert " : "record ") + name;
        }
    }

    private MonitoringFiles() {}

    private static Path findRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("grafana/dashboards")) && Files.isDirectory(p.resolve("deploy/prometheus"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (with grafana/dashboards) above " + Path.of("").toAbsolutePath());
    }

    static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no *" + suffix + " in " + dir);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Every YAML document of {@code file} (Kubernetes files hold several), as JSON trees. SnakeYAML's safe loader
     * resolves anchors, aliases and merge keys ({@code <<: *worker}) as Docker Compose does.
     */
    static List<JsonNode> yamlDocuments(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
            return docs;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new AssertionError(ROOT.relativize(file) + " holds " + docs.size() + " YAML documents, expected one");
        }
        return docs.get(0);
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        addPanels(dashboard.path("panels"), all);
        return all;
    }

    private static void addPanels(JsonNode panels, List<JsonNode> all) {
        for (JsonNode p : panels) {
            all.add(p);
            addPanels(p.path("panels"), all);
        }
    }

    static List<PanelQuery> panelQueries() {
        List<PanelQuery> queries = new ArrayList<>();
        for (Path file : files(DASHBOARDS, ".json")) {
            JsonNode d = json(file);
            for (JsonNode panel : panels(d)) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.path("hide").asBoolean(false)) {
                        continue;
                    }
                    queries.add(new PanelQuery(d.path("title").asText(file.getFileName().toString()),
                            panel.path("title").asText(), target.path("refId").asText("?"), target.path("expr").asText("")));
                }
            }
        }
        return queries;
    }

    static List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        for (Path file : files(DASHBOARDS, ".json")) {
            JsonNode d = json(file);
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    JsonNode q = v.path("query");
                    variables.add(new Variable(d.path("title").asText(), v.path("name").asText(),
                            q.isObject() ? q.path("query").asText() : q.asText()));
                }
            }
        }
        return variables;
    }

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (Path file : files(RULES, ".yml")) {
            for (JsonNode group : yaml(file).path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    boolean alert = r.has("alert");
                    rules.add(new Rule(ROOT.relativize(file).toString(), group.path("name").asText(),
                            r.path(alert ? "alert" : "record").asText(), alert, r.path("expr").asText()));
                }
            }
        }
        return rules;
    }
}
