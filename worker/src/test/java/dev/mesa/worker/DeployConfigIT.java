package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mesa.worker.MonitoringFiles.COMPOSE;
import static dev.mesa.worker.MonitoringFiles.DASHBOARDS;
import static dev.mesa.worker.MonitoringFiles.K8S;
import static dev.mesa.worker.MonitoringFiles.PROMETHEUS;
import static dev.mesa.worker.MonitoringFiles.PROVISIONING;
import static dev.mesa.worker.MonitoringFiles.ROOT;
import static dev.mesa.worker.MonitoringFiles.RULES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What can be checked of {@code deploy/} and {@code grafana/} without Docker or a cluster: {@code promtool} on every
 * Prometheus file, the dashboards' JSON as Grafana needs it, the provisioning files and the mounts that connect them,
 * the Compose file's services, and the Kubernetes manifests, with every worker command line parsed by the real
 * {@code mesa} command-line model (picocli) so that a flag the worker does not accept fails here rather than in a
 * crash-looping container.
 */
class DeployConfigIT {
    /** Grafana's built-in variables the dashboards may use besides their own. */
    private static final Set<String> GRAFANA_BUILT_INS = Set.of("__rate_interval", "__range", "__interval");
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern K8S_VAR = Pattern.compile("\\$\\((\\w+)\\)");

    // ---- promtool ----

    @Test
    void promtoolAcceptsEveryPrometheusFile() throws Exception {
        Path work = Files.createTempDirectory("mesa-deploy-it");
        promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
        promtool("check", "config", PrometheusScrapeIT.renderLocalConfig(work.resolve("local"), 9464).toString());
        List<String> rules = new ArrayList<>(List.of("check", "rules"));
        MonitoringFiles.files(RULES, ".yml").forEach(p -> rules.add(p.toString()));
        promtool(rules.toArray(String[]::new));
        List<String> tests = new ArrayList<>(List.of("test", "rules"));
        MonitoringFiles.files(PROMETHEUS.resolve("tests"), ".yml").forEach(p -> tests.add(p.toString()));
        promtool(tests.toArray(String[]::new));
        promtool("check", "config", kubernetesScrapeConfigWithoutDiscovery(work.resolve("k8s")).toString());
    }

    /**
     * deploy/k8s/prometheus-scrape-config.yml with each {@code kubernetes_sd_configs} replaced by an empty static
     * target list: Debian's promtool is built without Kubernetes service discovery, and everything else in the file
     * (relabelling regexes, rule files) is still checked. Written next to a copy of rules/, as it expects.
     */
    private static Path kubernetesScrapeConfigWithoutDiscovery(Path dir) throws IOException {
        JsonNode config = MonitoringFiles.yaml(K8S.resolve("prometheus-scrape-config.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MonitoringFiles.JSON.convertValue(config, LinkedHashMap.class);
        int replaced = 0;
        for (Object job : (List<?>) map.get("scrape_configs")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> scrape = (Map<String, Object>) job;
            if (scrape.remove("kubernetes_sd_configs") != null) {
                scrape.put("static_configs", List.of(Map.of("targets", List.of())));
                replaced++;
            }
        }
        assertTrue(replaced > 0, "the Kubernetes scrape config discovers pods");
        Files.createDirectories(dir.resolve("rules"));
        for (Path rules : MonitoringFiles.files(RULES, ".yml")) {
            Files.copy(rules, dir.resolve("rules").resolve(rules.getFileName()));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, new Yaml(options).dump(map));
        return file;
    }

    private static void promtool(String... args) throws Exception {
        Path promtool = PrometheusServer.executable("promtool");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool finished: " + command);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }

    // ---- Grafana ----

    @Test
    void dashboardsAreGrafanaDashboardsOnAPrometheusDatasourceVariable() {
        JsonNode datasources = MonitoringFiles.yaml(PROVISIONING.resolve("datasources/prometheus.yml"));
        Set<String> provisioned = new HashSet<>();
        datasources.path("datasources").forEach(d -> provisioned.add(d.path("uid").asText()));
        assertTrue(provisioned.contains("prometheus"), "the provisioned datasource uid is prometheus: " + provisioned);

        List<String> problems = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        List<Path> files = MonitoringFiles.files(DASHBOARDS, ".json");
        assertEquals(Set.of("mesa-sweep.json", "mesa-training.json", "mesa-worker.json"),
                Set.copyOf(files.stream().map(p -> p.getFileName().toString()).toList()), "the three dashboards");
        for (Path file : files) {
            JsonNode d = MonitoringFiles.json(file);
            String name = file.getFileName().toString();
            String uid = d.path("uid").asText("");
            if (!UID.matcher(uid).matches() || !uids.add(uid)) {
                problems.add(name + ": uid '" + uid + "' is missing, not a Grafana uid, or used twice");
            }
            if (d.path("title").asText("").isBlank() || !titles.add(d.path("title").asText())) {
                problems.add(name + ": title missing or used twice");
            }
            if (!d.path("schemaVersion").isInt() || d.path("schemaVersion").asInt() < 30) {
                problems.add(name + ": schemaVersion missing or older than Grafana 8's 30: " + d.path("schemaVersion"));
            }
            if (d.has("id") && !d.path("id").isNull()) {
                problems.add(name + ": the id of a provisioned dashboard must be null (Grafana assigns it): " + d.path("id"));
            }
            Set<String> variables = new HashSet<>(GRAFANA_BUILT_INS);
            Set<String> datasourceVariables = new HashSet<>();
            for (JsonNode v : d.path("templating").path("list")) {
                variables.add(v.path("name").asText());
                if (v.path("type").asText().equals("datasource") && v.path("query").asText().equals("prometheus")) {
                    datasourceVariables.add("${" + v.path("name").asText() + "}");
                }
            }
            if (datasourceVariables.isEmpty()) {
                problems.add(name + ": no Prometheus datasource variable (a hard-coded datasource uid ties the dashboard"
                        + " to one Grafana)");
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    checkDatasource(name + " variable $" + v.path("name").asText(), v.path("datasource"),
                            datasourceVariables, problems);
                }
            }
            List<JsonNode> panels = MonitoringFiles.panels(d);
            if (panels.isEmpty()) {
                problems.add(name + ": no panels");
            }
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels) {
                String where = name + " panel '" + panel.path("title").asText() + "'";
                if (!panel.path("id").isInt() || !ids.add(panel.path("id").asInt())) {
                    problems.add(where + ": id missing or used twice: " + panel.path("id"));
                }
                JsonNode grid = panel.path("gridPos");
                for (String field : List.of("h", "w", "x", "y")) {
                    if (!grid.path(field).isInt()) {
                        problems.add(where + ": gridPos." + field + " missing");
                    }
                }
                if (grid.path("x").asInt() + grid.path("w").asInt() > 24) {
                    problems.add(where + ": wider than Grafana's 24 columns");
                }
                for (String v : PromQl.variables(panel.path("title").asText())) {
                    if (!variables.contains(v)) {
                        problems.add(where + ": title uses undefined variable $" + v);
                    }
                }
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                if (panel.path("type").asText("").isBlank()) {
                    problems.add(where + ": no type");
                }
                checkDatasource(where, panel.path("datasource"), datasourceVariables, problems);
                JsonNode targets = panel.path("targets");
                if (targets.isEmpty()) {
                    problems.add(where + ": no targets");
                }
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : targets) {
                    String tw = where + " target " + t.path("refId").asText();
                    if (t.path("refId").asText("").isBlank() || !refIds.add(t.path("refId").asText())) {
                        problems.add(tw + ": refId missing or used twice");
                    }
                    checkDatasource(tw, t.path("datasource"), datasourceVariables, problems);
                    String expr = t.path("expr").asText("");
                    if (expr.isBlank()) {
                        problems.add(tw + ": no expr");
                    }
                    for (String v : PromQl.variables(expr)) {
                        if (!variables.contains(v)) {
                            problems.add(tw + ": uses undefined variable $" + v + " (Grafana would send it as is)");
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), "dashboard problems:\n  " + String.join("\n  ", problems));
    }

    /** Every query names its Prometheus through the dashboard's datasource variable, never a fixed uid. */
    private static void checkDatasource(String where, JsonNode ds, Set<String> variables, List<String> problems) {
        if (!ds.path("type").asText().equals("prometheus") || !variables.contains(ds.path("uid").asText())) {
            problems.add(where + ": datasource " + ds + " is not the dashboard's Prometheus variable " + variables);
        }
    }

    @Test
    void provisioningPointsAtTheDashboardsAndThePrometheusOfTheComposeStack() {
        JsonNode compose = MonitoringFiles.yaml(COMPOSE);
        JsonNode grafana = compose.path("services").path("grafana");
        Map<String, String> mounts = mounts(grafana);

        JsonNode datasources = MonitoringFiles.yaml(PROVISIONING.resolve("datasources/prometheus.yml"));
        assertEquals(1, datasources.path("apiVersion").asInt());
        JsonNode prometheus = datasources.path("datasources").get(0);
        assertNotNull(prometheus, "a datasource");
        assertEquals("prometheus", prometheus.path("type").asText());
        assertEquals("prometheus", prometheus.path("uid").asText());
        assertEquals("proxy", prometheus.path("access").asText());
        assertTrue(prometheus.path("isDefault").asBoolean(), "the default datasource");
        assertEquals("http://prometheus:9090", prometheus.path("url").asText(), "the compose service prometheus");
        JsonNode prometheusService = compose.path("services").path("prometheus");
        assertFalse(prometheusService.isMissingNode(), "the compose service prometheus");
        assertTrue(textList(prometheusService.path("command")).stream().noneMatch(a -> a.startsWith("--web.listen-address")
                && !a.endsWith(":9090")), "Prometheus listens on its default port 9090");

        JsonNode dashboards = MonitoringFiles.yaml(PROVISIONING.resolve("dashboards/mesa.yml"));
        assertEquals(1, dashboards.path("apiVersion").asInt());
        JsonNode provider = dashboards.path("providers").get(0);
        assertNotNull(provider, "a dashboard provider");
        assertEquals("file", provider.path("type").asText());
        String path = provider.path("options").path("path").asText();
        assertEquals(DASHBOARDS, hostPathMountedAt(mounts, path), "grafana mounts grafana/dashboards at " + path
                + ": " + mounts);
        assertEquals(PROVISIONING, hostPathMountedAt(mounts, "/etc/grafana/provisioning"),
                "grafana mounts grafana/provisioning at /etc/grafana/provisioning: " + mounts);
        String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertTrue(home.startsWith(path + "/") && Files.isRegularFile(DASHBOARDS.resolve(home.substring(path.length() + 1))),
                "the home dashboard " + home + " is one of grafana/dashboards");
    }

    // ---- Docker Compose ----

    @Test
    void composeHasTheStackAndWorkersRunRealMesaCommands() {
        JsonNode compose = MonitoringFiles.yaml(COMPOSE);
        JsonNode services = compose.path("services");
        for (String s : List.of("temporal", "postgresql", "temporal-ui", "prometheus", "grafana", "worker")) {
            assertTrue(services.has(s), "service " + s + " in " + ROOT.relativize(COMPOSE));
            assertFalse(services.path(s).path("image").asText("").isBlank(), s + " has an image");
        }
        Set<String> declaredVolumes = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declaredVolumes::add);
        List<String> problems = new ArrayList<>();
        services.properties().forEach(e -> {
            for (JsonNode dep : dependsOn(e.getValue())) {
                if (!services.has(dep.asText())) {
                    problems.add(e.getKey() + " depends on unknown service " + dep.asText());
                }
            }
            for (JsonNode v : e.getValue().path("volumes")) {
                String source = v.asText().split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/") && !declaredVolumes.contains(source)) {
                    problems.add(e.getKey() + " mounts undeclared volume " + source);
                }
                if (source.startsWith(".") && !Files.exists(COMPOSE.getParent().resolve(source).normalize())) {
                    problems.add(e.getKey() + " mounts missing path " + source);
                }
            }
            JsonNode build = e.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = COMPOSE.getParent().resolve(build.path("context").asText(".")).normalize();
                if (!Files.isRegularFile(context.resolve(build.path("dockerfile").asText("Dockerfile")))) {
                    problems.add(e.getKey() + " builds from a missing Dockerfile " + build);
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        // Prometheus: its config and rules are the repository's, at the path its command names.
        JsonNode prometheus = services.path("prometheus");
        Map<String, String> promMounts = mounts(prometheus);
        String configFlag = textList(prometheus.path("command")).stream().filter(a -> a.startsWith("--config.file="))
                .findFirst().orElseThrow(() -> new AssertionError("prometheus command sets --config.file"));
        String configPath = configFlag.substring("--config.file=".length());
        assertEquals(PROMETHEUS.resolve("prometheus.yml"), hostPathMountedAt(promMounts, configPath), "config mount");
        assertEquals(RULES, hostPathMountedAt(promMounts, Path.of(configPath).getParent().resolve("rules").toString()),
                "rules/ next to the config, as its rule_files expects");
        JsonNode promConfig = MonitoringFiles.yaml(PROMETHEUS.resolve("prometheus.yml"));
        JsonNode workerJob = null;
        for (JsonNode job : promConfig.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("mesa-worker")) {
                workerJob = job;
            }
        }
        assertNotNull(workerJob, "prometheus.yml scrapes mesa-worker");
        Set<String> scrapedNames = new HashSet<>();
        Set<Integer> scrapedPorts = new HashSet<>();
        for (JsonNode sd : workerJob.path("dns_sd_configs")) {
            sd.path("names").forEach(n -> scrapedNames.add(n.asText()));
            scrapedPorts.add(sd.path("port").asInt());
        }

        // Workers: the image's entrypoint is `mesa`, so the command is mesa's arguments.
        int workers = 0;
        for (var e : services.properties()) {
            if (!e.getValue().path("build").path("dockerfile").asText("").startsWith("deploy/docker/Dockerfile")) {
                continue;
            }
            workers++;
            String where = ROOT.relativize(COMPOSE) + " service " + e.getKey();
            List<String> args = textList(e.getValue().path("command"));
            Map<String, String> options = parseMesa(where, args);
            assertEquals("worker", args.get(0), where);
            assertTrue(scrapedNames.contains(e.getKey()), where + " is scraped by prometheus.yml " + scrapedNames);
            int metricsPort = port(options.get("--metrics-bind"));
            assertTrue(scrapedPorts.contains(metricsPort), where + " serves metrics on a scraped port " + scrapedPorts);
            assertTrue(e.getValue().path("expose").toString().contains(Integer.toString(metricsPort)),
                    where + " exposes its metrics port");
            String address = options.get("--address");
            assertTrue(services.has(address.substring(0, address.lastIndexOf(':'))), where + " --address " + address
                    + " names a compose service");
            assertWritesOnlyToMounts(where, options, mounts(e.getValue()).keySet());
        }
        assertTrue(workers >= 2, "worker and worker-gpu are built from deploy/docker");
    }

    // ---- Dockerfiles ----

    @Test
    void imageDefaultCommandsAreRealMesaCommands() throws IOException {
        Pattern volume = Pattern.compile("^VOLUME\\s+(\\[.*])", Pattern.MULTILINE);
        for (Path dockerfile : List.of(ROOT.resolve("deploy/docker/Dockerfile"), ROOT.resolve("deploy/docker/Dockerfile.cuda"))) {
            String text = Files.readString(dockerfile).replaceAll("\\\\\\n", " ");
            String where = ROOT.relativize(dockerfile).toString();
            assertEquals(List.of("/opt/mesa/bin/mesa"), jsonList(instruction(text, "ENTRYPOINT", where)), where);
            List<String> cmd = jsonList(instruction(text, "CMD", where));
            Map<String, String> options = parseMesa(where + " CMD", cmd);
            Matcher m = volume.matcher(text);
            assertTrue(m.find(), where + " declares its volumes");
            assertWritesOnlyToMounts(where + " CMD", options, Set.copyOf(jsonList(m.group(1))));
        }
    }

    private static String instruction(String dockerfile, String name, String where) {
        Matcher m = Pattern.compile("^" + name + "\\s+(\\[.*])\\s*$", Pattern.MULTILINE).matcher(dockerfile);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            fail(where + " has no exec-form " + name);
        }
        return last;
    }

    private static List<String> jsonList(String json) {
        try {
            return textList(MonitoringFiles.JSON.readTree(json));
        } catch (IOException e) {
            throw new AssertionError("not a JSON list: " + json, e);
        }
    }

    // ---- Kubernetes ----

    @Test
    void kubernetesManifestsParseAndWorkersRunRealMesaCommands() {
        Map<String, List<JsonNode>> byKind = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : MonitoringFiles.files(K8S, ".yaml")) {
            for (JsonNode doc : MonitoringFiles.yamlDocuments(file)) {
                String where = ROOT.relativize(file) + " " + doc.path("kind").asText("?");
                if (doc.path("apiVersion").asText("").isBlank() || doc.path("kind").asText("").isBlank()) {
                    problems.add(where + ": apiVersion and kind are required");
                }
                if (!doc.path("kind").asText().equals("Kustomization") && doc.path("metadata").path("name").asText("").isBlank()) {
                    problems.add(where + ": metadata.name is required");
                }
                byKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        JsonNode kustomization = byKind.get("Kustomization").get(0);
        for (JsonNode r : kustomization.path("resources")) {
            assertTrue(Files.isRegularFile(K8S.resolve(r.asText())), "kustomization resource " + r.asText() + " exists");
        }
        Map<String, JsonNode> configMaps = names(byKind.get("ConfigMap"));
        Set<String> claims = names(byKind.get("PersistentVolumeClaim")).keySet();
        List<JsonNode> deployments = byKind.getOrDefault("Deployment", List.of());
        assertEquals(Set.of("mesa-worker-cpu", "mesa-worker-gpu"), names(deployments).keySet(), "the worker Deployments");

        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode template = deployment.path("spec").path("template");
            deployment.path("spec").path("selector").path("matchLabels").properties().forEach(l ->
                    assertEquals(l.getValue().asText(), template.path("metadata").path("labels").path(l.getKey()).asText(),
                            name + ": the selector matches the pod labels"));
            JsonNode pod = template.path("spec");
            Map<String, JsonNode> volumes = names(pod.path("volumes"));
            for (JsonNode v : volumes.values()) {
                String claim = v.path("persistentVolumeClaim").path("claimName").asText(null);
                assertTrue(claim == null || claims.contains(claim), name + ": claim " + claim + " is a manifest");
            }
            JsonNode container = pod.path("containers").get(0);
            String where = name + " container " + container.path("name").asText();
            assertTrue(container.path("command").isMissingNode(), where + ": args go to the image's mesa entrypoint");
            Set<String> env = new HashSet<>();
            for (JsonNode from : container.path("envFrom")) {
                JsonNode cm = configMaps.get(from.path("configMapRef").path("name").asText());
                assertNotNull(cm, where + ": envFrom names a ConfigMap of the manifests");
                cm.path("data").fieldNames().forEachRemaining(env::add);
            }
            container.path("env").forEach(e -> env.add(e.path("name").asText()));
            List<String> args = textList(container.path("args"));
            for (String arg : args) {
                Matcher m = K8S_VAR.matcher(arg);
                while (m.find()) {
                    assertTrue(env.contains(m.group(1)), where + ": $(" + m.group(1) + ") is defined in its env " + env);
                }
            }
            Map<String, String> options = parseMesa(where, args);
            assertEquals("worker", args.get(0), where);
            Map<String, JsonNode> ports = names(container.path("ports"));
            int metricsPort = port(options.get("--metrics-bind"));
            assertEquals(metricsPort, ports.get("metrics").path("containerPort").asInt(), where + ": metrics port");
            assertEquals(Integer.toString(metricsPort), template.path("metadata").path("annotations")
                    .path("prometheus.io/port").asText(), where + ": the scrape annotation names the metrics port");
            Set<String> mounted = new HashSet<>();
            for (JsonNode m : container.path("volumeMounts")) {
                assertTrue(volumes.containsKey(m.path("name").asText()), where + ": volume " + m.path("name") + " exists");
                mounted.add(m.path("mountPath").asText());
            }
            assertWritesOnlyToMounts(where, options, mounted);
            if (name.endsWith("-gpu")) {
                assertEquals(1, container.path("resources").path("limits").path("nvidia.com/gpu").asInt(),
                        where + ": one GPU per worker");
                assertEquals("1", options.get("--max-concurrent-activities"), where + ": one training activity per GPU");
                assertTrue(options.get("--device").startsWith("gpu"), where + ": --device gpu");
            }
            assertTrue(pod.path("terminationGracePeriodSeconds").asInt() >= 60,
                    where + ": a grace period for the running activity's checkpoint");
        }
        for (JsonNode selecting : concat(byKind.get("Service"), byKind.get("PodDisruptionBudget"))) {
            JsonNode selector = selecting.path("spec").path("selector");
            JsonNode labels = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
            boolean matches = deployments.stream().anyMatch(d -> {
                JsonNode podLabels = d.path("spec").path("template").path("metadata").path("labels");
                for (var l : labels.properties()) {
                    if (!l.getValue().asText().equals(podLabels.path(l.getKey()).asText())) {
                        return false;
                    }
                }
                return true;
            });
            assertTrue(matches, selecting.path("kind").asText() + " " + selecting.path("metadata").path("name").asText()
                    + " selects worker pods");
        }
    }

    // ---- the mesa command line ----

    /**
     * Parses {@code args} with the real {@code mesa} command line (unknown flags, missing values and bad numbers
     * fail), checks every {@code --flag} against the subcommand's picocli spec, and returns the flags given with
     * their values.
     */
    static Map<String, String> parseMesa(String where, List<String> args) {
        assertFalse(args.isEmpty(), where + ": a command");
        CommandLine mesa = MesaCli.commandLine();
        CommandLine sub = mesa.getSubcommands().get(args.get(0));
        assertNotNull(sub, where + ": '" + args.get(0) + "' is a mesa subcommand " + mesa.getSubcommands().keySet());
        CommandSpec spec = sub.getCommandSpec();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                fail(where + ": '" + arg + "' is not an option (mesa " + args.get(0) + " takes no positional arguments here)");
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            var option = spec.findOption(name);
            if (option == null) {
                fail(where + ": mesa " + args.get(0) + " has no option " + name + "; it accepts "
                        + spec.options().stream().map(o -> o.longestName()).sorted().toList());
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : option.arity().max() > 0 && i + 1 < args.size() ? args.get(++i) : "true";
            options.put(option.longestName(), value);
        }
        try {
            MesaCli.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            fail(where + ": mesa rejects " + args + ": " + e.getMessage());
        }
        return options;
    }

    /** --store and --cache are given (their defaults are under the home directory) and lie on a mounted volume. */
    private static void assertWritesOnlyToMounts(String where, Map<String, String> options, Set<String> mountPaths) {
        for (String flag : List.of("--store", "--cache")) {
            String dir = options.get(flag);
            assertNotNull(dir, where + ": " + flag + " is given (the default is under the home directory, on the"
                    + " image's filesystem)");
            assertTrue(mountPaths.stream().anyMatch(m -> Path.of(dir).startsWith(Path.of(m))),
                    where + ": " + flag + " " + dir + " is on a mounted volume " + mountPaths);
        }
    }

    private static int port(String hostAndPort) {
        assertNotNull(hostAndPort, "--metrics-bind is given");
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    // ---- helpers ----

    /** A compose service's bind mounts and volumes: container path → source as written. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    /** The repository path bind-mounted at {@code containerPath} (relative sources resolve against the compose file). */
    private static Path hostPathMountedAt(Map<String, String> mounts, String containerPath) {
        String source = mounts.get(containerPath);
        return source == null || !source.startsWith(".") ? null : COMPOSE.getParent().resolve(source).normalize();
    }

    private static List<JsonNode> dependsOn(JsonNode service) {
        List<JsonNode> deps = new ArrayList<>();
        JsonNode d = service.path("depends_on");
        if (d.isArray()) {
            d.forEach(deps::add);
        } else {
            d.fieldNames().forEachRemaining(n -> deps.add(MonitoringFiles.JSON.getNodeFactory().textNode(n)));
        }
        return deps;
    }

    private static List<String> textList(JsonNode array) {
        assertTrue(array.isArray(), "a list: " + array);
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, JsonNode> names(Iterable<JsonNode> nodes) {
        Map<String, JsonNode> byName = new HashMap<>();
        if (nodes != null) {
            for (JsonNode n : nodes) {
                byName.put(n.has("metadata") ? n.path("metadata").path("name").asText() : n.path("name").asText(), n);
            }
        }
        return byName;
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a == null ? List.of() : a);
        all.addAll(b == null ? List.of() : b);
        return all;
    }
}
