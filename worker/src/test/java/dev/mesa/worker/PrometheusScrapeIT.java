package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesa.worker.MonitoringFiles.PanelQuery;
import dev.mesa.worker.MonitoringFiles.Rule;
import dev.mesa.worker.MonitoringFiles.Variable;
import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DevServer;
import dev.mesa.worker.runtime.HostAndPort;
import dev.mesa.worker.runtime.MesaWorker;
import dev.mesa.worker.runtime.MetricsEndpoint;
import dev.mesa.worker.runtime.TemporalConnection;
import dev.mesa.worker.runtime.WorkerSettings;
import dev.mesa.workflows.DefenseInput;
import dev.mesa.workflows.DefenseWorkflow;
import dev.mesa.workflows.RunStatus;
import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.SweepResult;
import dev.mesa.workflows.SweepWorkflow;
import dev.mesa.workflows.TaskQueues;
import dev.mesa.workflows.TriggerResult;
import dev.mesa.workflows.VariantEvaluation;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Prometheus scrapes a worker that ran a tiny job, and every PromQL expression the repository ships returns
 * data through Prometheus's HTTP API: every target of every panel of {@code grafana/dashboards/*.json}, every
 * dashboard variable, every rule of {@code deploy/prometheus/rules/*.yml}, and every domain metric of
 * docs/METRICS.md.
 *
 * <p>The worker is {@code mesa dev} in this JVM (embedded Temporal server, worker, {@code /metrics} on a free
 * loopback port); Prometheus runs on {@code deploy/prometheus/prometheus-local.yml} with {@code ${PORT}} replaced,
 * next to a copy of {@code rules/}, scraping every second. The job: a defence whose model key is invalid (it fails at
 * its first activity with {@code InvalidInput}: the failure counters and the failed-workflow counter get a
 * series), then a one-trigger sweep on tiny synthetic data with β 0.5, 0.8, 0.9 (so the ensemble too) and one
 * baseline round (every {@code phase}, {@code beta} and {@code loop}), with a second sweep of the same settings
 * running at the same time: the run-scoped gauges must show one series per sweep.
 *
 * <p>Grafana's variables are replaced as docs/METRICS.md says: {@code $__rate_interval} → 1m, {@code $__range} → 1h,
 * {@code $__interval} → 15s, every dashboard variable → {@code .*} (all values). Queries are instant queries at a
 * time after the job finished and Prometheus scraped its end, with the worker still up.
 *
 * <p>Alert rules are conditions: on this run none of them needs to hold, so an alert expression is checked in three
 * ways: Prometheus itself evaluates the rule without error (its rule health), every selector in it has series, and
 * the expression with {@code bool} after each comparison (every series kept, valued 0 or 1, instead of filtered)
 * returns data. The one rule that needs hours of history is evaluated with the shorter windows of
 * {@link #SHORTER_WINDOWS}; every other window is kept as written.
 */
class PrometheusScrapeIT {
    /**
     * Windows that a run of about a minute cannot fill, and what this test evaluates instead. MesaSweepStalled asks
     * for 2 h of history ({@code count(... offset 2h)}) and samples done triggers at 1-minute steps over 2 h
     * ({@code [2h:1m]}: a run that does not cross a minute boundary has no step at all). The test fails if a text
     * to replace is no longer in the rule, so this list stays in step with the rules.
     */
    static final Map<String, Map<String, String>> SHORTER_WINDOWS = Map.of(
            "MesaSweepStalled", Map.of("offset 2h", "offset 5s", "[2h:1m]", "[2h:1s]"));
    /** The sweep that runs beside the main one. */
    private static final String SECOND_SWEEP = "scrape-beside";
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((?:(.*),\\s*)?(\\w+)\\s*\\)\\s*$");
    private static final Pattern DOMAIN_METRIC_ROW = Pattern.compile("^\\| `(mesa_\\w+)` \\|");

    @Test
    void everyDashboardQueryVariableAndRuleReturnsDataFromAScrapedWorker() throws Exception {
        PrometheusServer.executable("prometheus"); // fails at once, with how to install it, when missing
        Path work = Files.createTempDirectory("mesa-prometheus-it");
        WorkerSettings settings = new WorkerSettings(TaskQueues.DEFAULT, "cpu", 1, work.resolve("store"),
                work.resolve("cache"), null, null, 4);
        try (MetricsEndpoint metrics = MetricsEndpoint.start(new HostAndPort("127.0.0.1", 0));
             DevServer server = DevServer.start(new HostAndPort("127.0.0.1", 0));
             TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.plain(server.target(), "default"),
                     metrics.temporalScope());
             MesaWorker worker = MesaWorker.start(temporal.client(), settings, metrics.registry());
             PrometheusServer prometheus = PrometheusServer.start(renderLocalConfig(work.resolve("prometheus"),
                     metrics.port()), work)) {
            long started = System.nanoTime();
            WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
                    () -> stub(temporal, DefenseWorkflow.class, WorkflowIds.defense("scrape-invalid"))
                            .run(invalidDefense()), "the defence of an invalid model key fails");
            // Two sweeps at once: the second has the same settings, so it reuses the first one's artifacts, and its
            // gauges must show as separate series (label run), not overwrite the first's.
            SweepWorkflow second = stub(temporal, SweepWorkflow.class, WorkflowIds.sweep(SECOND_SWEEP));
            WorkflowClient.start(second::run, sweep(SECOND_SWEEP));
            SweepResult sweep = stub(temporal, SweepWorkflow.class, WorkflowIds.sweep("scrape")).run(sweep("scrape"));
            SweepResult secondResult = WorkflowStub.fromTyped(second).getResult(SweepResult.class);
            assertEquals(RunStatus.COMPLETED, secondResult.status());
            System.out.printf("PrometheusScrapeIT: job finished in %.1f s (failed defence: %s)%n",
                    (System.nanoTime() - started) / 1e9, failed.getCause().getMessage());
            assertSweepCoversEveryLabel(sweep);

            Instant jobEnd = Instant.now();
            awaitScrapedAfter(prometheus, jobEnd.plusSeconds(3), Duration.ofSeconds(90));
            Map<String, JsonNode> ruleStates = awaitRulesEvaluatedAfter(prometheus, jobEnd, Duration.ofSeconds(60));
            double time = Instant.now().toEpochMilli() / 1000.0;

            List<String> problems = new ArrayList<>();
            int checked = checkPanels(prometheus, time, problems);
            checked += checkVariables(prometheus, problems);
            checked += checkRules(prometheus, time, ruleStates, problems);
            checked += checkDocumentedDomainMetrics(prometheus, problems);
            checked += checkTheJobWasCounted(prometheus, time, problems);
            System.out.printf("PrometheusScrapeIT: %d checks, %d problems, %.1f s in all%n", checked, problems.size(),
                    (System.nanoTime() - started) / 1e9);
            if (!problems.isEmpty()) {
                fail(problems.size() + " of " + checked + " checks against the live Prometheus found nothing or an"
                        + " error:\n  " + String.join("\n  ", problems) + "\n(Prometheus log:\n" + tail(prometheus.log())
                        + ")");
            }
        }
    }

    /** prometheus-local.yml with the worker's port, written next to a copy of rules/ (rule_files is relative). */
    static Path renderLocalConfig(Path dir, int port) throws IOException {
        String template = Files.readString(MonitoringFiles.PROMETHEUS.resolve("prometheus-local.yml"));
        assertTrue(template.contains("${PORT}"), "prometheus-local.yml has the ${PORT} placeholder");
        Files.createDirectories(dir.resolve("rules"));
        for (Path rules : MonitoringFiles.files(MonitoringFiles.RULES, ".yml")) {
            Files.copy(rules, dir.resolve("rules").resolve(rules.getFileName()));
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, template.replace("${PORT}", Integer.toString(port)));
        return config;
    }

    private static <T> T stub(TemporalConnection temporal, Class<T> type, String workflowId) {
        return temporal.client().newWorkflowStub(type, WorkflowOptions.newBuilder().setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.DEFAULT).build());
    }

    /** One candidate class and one activity at a time: exactly one failed attempt (InvalidInput, not retried). */
    private static DefenseInput invalidDefense() {
        return new DefenseInput("scrape-invalid", "../../etc/passwd", TinyModel.DATA, 4, List.of(0), 3, TinyModel.MESA,
                TinyModel.RETRAIN, TriggerSpec.blackWhite(170), 0, null, 1L, 1, TaskQueues.DEFAULT);
    }

    /**
     * The tiny sweep: every phase, the three paper β and their ensemble, every training loop. The dashboards need a
     * backdoor that works, a flagged class and every level kept, so each learning stage runs to convergence (measured
     * over sweep seeds 1-10 on a 2-core AMD EPYC, all ten covering every label):
     * <ul>
     *   <li>the attack fine-tunes 16 epochs at learning rate 0.01: ASR 1.00 and clean accuracy 1.00 for all ten
     *       sweeps (and 12 of 12 attacks run alone). 2 epochs at 0.02, as before, gave two sweeps in five an ASR of
     *       0.0 or 0.36 (nothing flagged; β 0.8 and 0.9 skipped), 8 epochs at 0.02 one in eight an ASR of 0.4;</li>
     *   <li>the generators train 32 epochs (4 steps each) at learning rate 5e-3. A level whose generator ends with
     *       E[F] &lt; β is skipped (MESA's rule); over the ten seeds the class-0 generators ended with E[F] of at least
     *       0.87 / 0.91 / 0.94 for β 0.5 / 0.8 / 0.9 (seed 1: 0.87 / 0.98 / 0.98), the other classes' at most 0.27,
     *       and detection flagged class 0 with a generator ASR of 0.89-1.00 against at most 0.0 elsewhere.</li>
     * </ul>
     */
    private static SweepInput sweep(String sweepId) {
        MesaSettings tiny = TinyModel.MESA;
        // the full detection protocol, as measured above: a 2-epoch scan is 8 steps here, before any of these
        // generators has left its plateau, so the scan would stop the attacked class (its defaults are for budgets
        // like the paper's, 10 epochs of ~60 steps)
        MesaSettings mesa = new MesaSettings(MesaSettings.PAPER_BETAS, tiny.alpha(), tiny.detectionBeta(), 32, 32,
                tiny.batchSize(), tiny.noiseStd(), tiny.zDim(), tiny.hidden(), 5e-3, tiny.mineMovingAverageRate(),
                tiny.asrThreshold(), tiny.madThreshold()).withDetection(MesaSettings.FULL);
        return new SweepInput(sweepId, null, List.of(TriggerSpec.blackWhite(170)), TinyModel.DATA, 4,
                new ClassifierSettings(ClassifierSettings.COMPACT, 2, 32, 0.05, 5e-4, 0.25), null,
                new AttackSettings(0.2, 16, 0.01, 0.9, 32, 0), mesa, TinyModel.RETRAIN, 1, 1, 1, null, 1L, null, null);
    }

    /** The dashboards read every phase and β: a run that flagged nothing would make them empty for another reason. */
    private static void assertSweepCoversEveryLabel(SweepResult sweep) {
        assertEquals(1, sweep.triggers().size(), "one trigger");
        TriggerResult t = sweep.triggers().get(0);
        String summary = "trigger result " + t;
        assertEquals("completed", t.status(), summary);
        assertTrue(t.detectedClasses() != null && t.detectedClasses().contains(0), "the target class was flagged: "
                + summary);
        assertEquals(List.of("beta=0.5", "beta=0.8", "beta=0.9", "ensemble"),
                t.defense().stream().map(VariantEvaluation::variant).sorted().toList(), summary);
        assertEquals(1, t.baseline().size(), summary);
        assertTrue(t.ideal() != null && t.attacked() != null, summary);
    }

    /** Waits until Prometheus holds a successful scrape taken after {@code after}. */
    private static void awaitScrapedAfter(PrometheusServer prometheus, Instant after, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            double now = Instant.now().toEpochMilli() / 1000.0;
            last = prometheus.value("max(timestamp(up{job=\"mesa-worker\"} == 1))", now);
            if (last >= after.toEpochMilli() / 1000.0) {
                return;
            }
            Thread.sleep(250);
        }
        fail("no successful scrape of the worker after " + after + " within " + timeout + " (last: " + last + ")\n"
                + prometheus.api("targets", Map.of()) + "\n" + tail(prometheus.log()));
    }

    /** Waits until every rule was evaluated after {@code after}; its last state per rule name. */
    private static Map<String, JsonNode> awaitRulesEvaluatedAfter(PrometheusServer prometheus, Instant after,
                                                                  Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int expected = MonitoringFiles.rules().size();
        while (true) {
            Map<String, JsonNode> states = new LinkedHashMap<>();
            boolean fresh = true;
            for (JsonNode group : prometheus.api("rules", Map.of()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    states.put(rule.path("name").asText(), rule);
                    fresh &= OffsetDateTime.parse(rule.path("lastEvaluation").asText()).toInstant().isAfter(after);
                }
            }
            if (fresh && states.size() == expected) {
                return states;
            }
            if (System.nanoTime() > deadline) {
                fail("Prometheus loaded " + states.size() + " of " + expected + " rules, or has not evaluated them since "
                        + after + " within " + timeout + ": " + states.values() + "\n" + tail(prometheus.log()));
            }
            Thread.sleep(250);
        }
    }

    private static int checkPanels(PrometheusServer prometheus, double time, List<String> problems) throws Exception {
        List<PanelQuery> queries = MonitoringFiles.panelQueries();
        assertTrue(queries.size() > 10, "the dashboards have panel targets: " + queries.size());
        for (PanelQuery q : queries) {
            if (q.expr().isBlank()) {
                problems.add(q.where() + ": no expr");
                continue;
            }
            String expr;
            try {
                expr = PromQl.substitute(q.expr());
            } catch (IllegalArgumentException e) {
                problems.add(q.where() + ": " + e.getMessage());
                continue;
            }
            problems.addAll(instantQueryProblems(prometheus, q.where(), expr, time));
        }
        return queries.size();
    }

    private static List<String> instantQueryProblems(PrometheusServer prometheus, String where, String expr,
                                                     double time) throws InterruptedException {
        try {
            JsonNode data = prometheus.query(expr, time);
            if (!PrometheusServer.hasData(data)) {
                return List.of(where + ": returned nothing: " + expr);
            }
            if (PrometheusServer.onlyNaN(data)) { // e.g. a quantile of a histogram that had no event in the window
                System.out.println("PrometheusScrapeIT: note: only NaN from " + where + ": " + expr);
            }
            return List.of();
        } catch (IOException e) {
            return List.of(where + ": query error " + e.getMessage() + ": " + expr);
        }
    }

    /** label_values(selector, label): the label's values among the selector's series (what Grafana asks for). */
    private static int checkVariables(PrometheusServer prometheus, List<String> problems) throws Exception {
        List<Variable> variables = MonitoringFiles.variables();
        for (Variable v : variables) {
            Matcher m = LABEL_VALUES.matcher(v.query());
            if (!m.matches()) {
                problems.add(v.where() + ": the test does not know this variable query form: " + v.query());
                continue;
            }
            String selector = m.group(1) != null ? PromQl.substitute(m.group(1).strip()) : null;
            String label = m.group(2);
            try {
                List<String> values = selector != null ? prometheus.labelValues(label, selector)
                        : prometheus.labelValues(label, "{" + label + "!=\"\"}");
                if (values.isEmpty()) {
                    problems.add(v.where() + ": " + v.query() + " has no values");
                }
            } catch (IOException e) {
                problems.add(v.where() + ": " + v.query() + ": " + e.getMessage());
            }
        }
        return variables.size();
    }

    private static int checkRules(PrometheusServer prometheus, double time, Map<String, JsonNode> states,
                                  List<String> problems) throws Exception {
        List<Rule> rules = MonitoringFiles.rules();
        Map<String, Map<String, String>> unused = new HashMap<>(SHORTER_WINDOWS);
        int checks = 0;
        for (Rule rule : rules) {
            JsonNode state = states.get(rule.name());
            checks++;
            if (state == null) {
                problems.add(rule.where() + ": not loaded by Prometheus");
            } else if (!state.path("health").asText().equals("ok")) {
                problems.add(rule.where() + ": Prometheus evaluates it with health " + state.path("health").asText()
                        + ": " + state.path("lastError").asText());
            }
            for (String selector : PromQl.selectors(rule.expr())) {
                checks++;
                try {
                    if (prometheus.series(selector).isEmpty()) {
                        problems.add(rule.where() + ": no series for " + selector);
                    }
                } catch (IOException e) {
                    problems.add(rule.where() + ": " + selector + ": " + e.getMessage());
                }
            }
            checks++;
            if (!rule.alert()) {
                problems.addAll(instantQueryProblems(prometheus, rule.where(), rule.expr(), time));
                continue;
            }
            String expr = rule.expr();
            for (Map.Entry<String, String> w : unused.getOrDefault(rule.name(), Map.of()).entrySet()) {
                if (!expr.contains(w.getKey())) {
                    problems.add(rule.where() + ": the test shortens '" + w.getKey() + "', which is no longer in the"
                            + " rule: update PrometheusScrapeIT.SHORTER_WINDOWS");
                }
                expr = expr.replace(w.getKey(), w.getValue());
            }
            unused.remove(rule.name());
            problems.addAll(instantQueryProblems(prometheus, rule.where() + " (comparisons with bool"
                    + (SHORTER_WINDOWS.containsKey(rule.name()) ? ", shorter windows" : "") + ")",
                    PromQl.withBool(expr), time));
            System.out.printf("PrometheusScrapeIT: alert %s is %s%n", rule.name(), state == null ? "?"
                    : state.path("state").asText());
        }
        unused.keySet().forEach(name -> problems.add("PrometheusScrapeIT.SHORTER_WINDOWS names " + name
                + ", which is no rule"));
        return checks;
    }

    /** Every domain metric of the contract (docs/METRICS.md) has series. */
    private static int checkDocumentedDomainMetrics(PrometheusServer prometheus, List<String> problems) throws Exception {
        List<String> names = Files.readAllLines(MonitoringFiles.ROOT.resolve("docs/METRICS.md")).stream()
                .map(DOMAIN_METRIC_ROW::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().toList();
        assertTrue(names.size() >= 16, "docs/METRICS.md lists the domain metrics: " + names);
        for (String name : names) {
            if (prometheus.series(name).isEmpty()) {
                problems.add("docs/METRICS.md: no series for " + name);
            }
        }
        return names.size();
    }

    /**
     * The counters saw the job, not only their registration at zero: the one failed attempt, the failed workflow,
     * steps of every loop, checkpoints, the sweep's trigger done.
     */
    private static int checkTheJobWasCounted(PrometheusServer prometheus, double time, List<String> problems)
            throws Exception {
        Map<String, Double> atLeast = new LinkedHashMap<>();
        atLeast.put("sum(mesa_activity_failures_total{activity=\"DescribeInputs\", type=\"InvalidInput\"})", 1.0);
        atLeast.put("sum(temporal_activity_execution_failed_total{activity_type=\"DescribeInputs\"})", 1.0);
        atLeast.put("sum(temporal_workflow_failed_total{workflow_type=\"DefenseWorkflow\"})", 1.0);
        atLeast.put("sum(temporal_workflow_completed_total{workflow_type=\"SweepWorkflow\"})", 1.0);
        atLeast.put("count(mesa_training_steps_total > 0)", 5.0); // clean, attack, mesa, retrain, reverse
        atLeast.put("sum(mesa_checkpoints_written_total)", 1.0);
        atLeast.put("max(mesa_sweep_triggers{state=\"done\"})", 1.0);
        for (Map.Entry<String, Double> e : atLeast.entrySet()) {
            double value = prometheus.value(e.getKey(), time);
            if (!(value >= e.getValue())) {
                problems.add("the job: " + e.getKey() + " = " + value + ", expected at least " + e.getValue());
            }
        }
        for (String perRun : List.of("mesa_sweep_triggers{state=\"done\"}", "mesa_asr_ratio{phase=\"attacked\"}",
                "mesa_clean_accuracy_ratio{phase=\"mesa\"}", "mesa_sweep_eta_seconds")) {
            List<String> runs = prometheus.labelValues("run", perRun);
            if (!runs.containsAll(List.of(WorkflowIds.sweep("scrape"), WorkflowIds.sweep(SECOND_SWEEP)))) {
                problems.add("two sweeps at once: " + perRun + " should have a series per run, has runs " + runs);
            }
        }
        double failures = prometheus.value("sum(mesa_activity_failures_total)", time);
        if (failures != 1.0) {
            problems.add("the job: one failed attempt in all, mesa_activity_failures_total sums to " + failures);
        }
        return atLeast.size() + 5;
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
    }
}
