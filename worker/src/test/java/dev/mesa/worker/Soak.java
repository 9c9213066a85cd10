package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak: the same sweep twice, each on its own server, workers and store: once without faults, once through a
 * seeded schedule of faults ({@link SoakFault}); then every trigger result and every stored artifact of the two
 * runs are compared, and the cost of the faults is counted. Both runs use one PyTorch thread per process, where the
 * CPU kernels are deterministic, so equal means equal to the bit.
 */
final class Soak {
    static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    /** What to run: the triggers (a set name or labels), the faults, the seed of their schedule. */
    record Plan(String name, String triggerSet, List<TriggerSpec> triggers, Map<SoakFault, Integer> faults,
                List<SoakFault.Planned> fixedSchedule, long seed, Duration timeout, Duration diskFullFor,
                int storeMegabytes) {
        /** The faults in the order they fire: the fixed schedule, or {@code faults} at seeded points. */
        List<SoakFault.Planned> schedule() {
            return fixedSchedule != null ? fixedSchedule : SoakFault.schedule(faults, triggerCount(), seed);
        }

        List<String> labels() {
            return (triggerSet != null ? dev.mesa.workflows.TriggerSets.named(triggerSet) : triggers).stream()
                    .map(TriggerSpec::label).toList();
        }

        int triggerCount() {
            return labels().size();
        }
    }

    /** The comparison and the counts. */
    record Report(ObjectNode json, String table, List<String> differences, List<String> damaged, int completedReference,
                  int completedFaulted, double nonRetryable, List<String> events) {}

    private Soak() {}

    /**
     * The soak's sweep: tiny synthetic data (4 classes of 16×16 images), training on its own queue (as deploy/ runs
     * it). The detection generators train 32 epochs at learning rate 5e-3 (as PrometheusScrapeIT's do), so the
     * attacked class is flagged and the whole defence runs (β 0.9 reuses the detection generator), then one baseline
     * round and the ideal defence.
     */
    static SweepInput input(Plan plan) {
        MesaSettings tiny = TinyModel.MESA;
        MesaSettings mesa = new MesaSettings(List.of(0.9), tiny.alpha(), tiny.detectionBeta(), 32, 32,
                tiny.batchSize(), tiny.noiseStd(), tiny.zDim(), tiny.hidden(), 5e-3, tiny.mineMovingAverageRate(),
                tiny.asrThreshold(), tiny.madThreshold());
        return new SweepInput("soak-" + plan.name(), plan.triggerSet(), plan.triggers(), TinyModel.DATA, 4,
                new ClassifierSettings(ClassifierSettings.COMPACT, 2, 32, 0.05, 5e-4, 0.25), null,
                new AttackSettings(0.2, 2, 0.02, 0.9, 32, 0), mesa, TinyModel.RETRAIN, 1, 2, 2,
                SoakCluster.TRAINING_QUEUE, 1L, null, null);
    }

    static Report run(Plan plan, Path work) throws Exception {
        Files.createDirectories(work);
        SweepInput sweep = input(plan);
        Path input = work.resolve("sweep.json");
        Files.writeString(input, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sweep));
        Path cache = work.resolve("cache");
        String load0 = loadAverage();
        SoakRun.Outcome reference = once(plan, work.resolve("uninterrupted"), input, cache, List.of());
        List<SoakFault.Planned> schedule = plan.schedule();
        System.out.println("soak: fault schedule " + schedule);
        SoakRun.Outcome faulted = once(plan, work.resolve("faulted"), input, cache, schedule);
        return compare(plan, work, reference, faulted, load0 + " -> " + loadAverage());
    }

    private static SoakRun.Outcome once(Plan plan, Path dir, Path input, Path cache, List<SoakFault.Planned> schedule)
            throws Exception {
        Files.createDirectories(dir);
        SoakDisk disk = SoakDisk.prepare(dir.resolve("store"), plan.storeMegabytes());
        try {
            SoakRun.Outcome outcome = new SoakRun("soak-" + plan.name(), input, plan.labels(), plan.timeout(),
                    plan.diskFullFor(), plan.seed()).run(dir, disk, cache, schedule);
            // keep the store's records for the comparison (a tmpfs goes with its unmount)
            copyRecords(dir.resolve("store"), dir.resolve("records"));
            return outcome;
        } finally {
            disk.dispose();
        }
    }

    /** Every manifest and every moved-aside file name of a store, under {@code to} (the tmpfs is unmounted after). */
    private static void copyRecords(Path store, Path to) throws Exception {
        SoakStore s = new SoakStore(store);
        List<String> damaged = new ArrayList<>();
        Map<String, JsonNode> runs = s.completeRuns(damaged);
        ObjectNode records = JSON.createObjectNode();
        runs.forEach(records::set);
        ObjectNode all = JSON.createObjectNode();
        all.set("runs", records);
        all.set("damaged", JSON.valueToTree(damaged));
        all.set("quarantined", JSON.valueToTree(s.quarantined()));
        Files.createDirectories(to);
        Files.writeString(to.resolve("store.json"), all.toPrettyString());
    }

    private static Report compare(Plan plan, Path work, SoakRun.Outcome reference, SoakRun.Outcome faulted,
                                  String load) throws Exception {
        JsonNode refStore = JSON.readTree(work.resolve("uninterrupted/records/store.json").toFile());
        JsonNode faultStore = JSON.readTree(work.resolve("faulted/records/store.json").toFile());
        List<String> differences = new ArrayList<>();
        Map<String, JsonNode> refTriggers = byLabel(reference.result());
        Map<String, JsonNode> faultTriggers = byLabel(faulted.result());
        int completedRef = (int) refTriggers.values().stream().filter(t -> t.path("status").asText().equals("completed")
                || t.path("status").asText().equals("no-attack")).count();
        int completedFault = (int) faultTriggers.values().stream().filter(t -> t.path("status").asText()
                .equals("completed") || t.path("status").asText().equals("no-attack")).count();
        for (String label : refTriggers.keySet()) {
            JsonNode a = withoutDurations(refTriggers.get(label));
            JsonNode b = faultTriggers.containsKey(label) ? withoutDurations(faultTriggers.get(label)) : null;
            if (!a.equals(b)) {
                differences.add("trigger " + label + ": " + a + " vs " + b);
            }
        }
        if (!withoutDurations(reference.result().path("summary")).equals(withoutDurations(faulted.result()
                .path("summary")))) {
            differences.add("sweep summary differs");
        }
        int artifacts = 0;
        int reports = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = refStore.path("runs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> run = it.next();
            JsonNode other = faultStore.path("runs").get(run.getKey());
            if (other == null) {
                differences.add("run " + run.getKey() + " is missing from the faulted store");
                continue;
            }
            boolean report = run.getKey().startsWith("reports/");
            if (report) {
                reports++;
            } else {
                artifacts++;
            }
            if (!run.getValue().path("files").equals(other.path("files"))) {
                differences.add("run " + run.getKey() + ": files differ " + run.getValue().path("files") + " vs "
                        + other.path("files"));
            }
            if (!report && !outcome(run.getValue()).equals(outcome(other))) {
                differences.add("run " + run.getKey() + ": result differs " + outcome(run.getValue()) + " vs "
                        + outcome(other));
            }
        }
        List<String> damaged = new ArrayList<>();
        faultStore.path("damaged").forEach(d -> damaged.add(d.asText()));
        double nonRetryable = FailureTypes.NON_RETRYABLE.stream()
                .mapToDouble(t -> faulted.counters().getOrDefault("failures:" + t, 0.0)).sum();
        ObjectNode json = JSON.createObjectNode();
        json.put("soak", plan.name());
        json.put("date", Instant.now().toString());
        json.put("machine", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        json.put("loadAverage", load + " (1-minute load average at the start and at the end: the machine is shared"
                + " when it is well above the 2 cores' own soak load)");
        json.put("triggers", plan.triggerCount());
        json.put("seed", plan.seed());
        json.set("input", JSON.valueToTree(input(plan)));
        json.set("faultsPlanned", JSON.valueToTree(plan.schedule()));
        json.set("events", JSON.valueToTree(faulted.events()));
        json.put("fullDisk", faulted.diskMode().name());
        ObjectNode runs = json.putObject("runs");
        runs.set("uninterrupted", summary(reference, completedRef, refStore));
        runs.set("faulted", summary(faulted, completedFault, faultStore));
        json.put("comparedTriggers", refTriggers.size());
        json.put("comparedArtifacts", artifacts);
        json.put("comparedReports", reports);
        json.set("differences", JSON.valueToTree(differences));
        json.set("damagedAtTheEnd", JSON.valueToTree(damaged));
        json.put("nonRetryableFailures", nonRetryable);
        String table = table(plan, reference, faulted, completedRef, completedFault, artifacts, reports, differences,
                damaged, refStore, faultStore, load);
        return new Report(json, table, differences, damaged, completedRef, completedFault, nonRetryable,
                faulted.events());
    }

    private static ObjectNode summary(SoakRun.Outcome o, int completed, JsonNode store) {
        ObjectNode s = JSON.createObjectNode();
        s.put("seconds", Math.round(o.seconds() * 10) / 10.0);
        s.put("triggersCompleted", completed);
        s.set("counters", JSON.valueToTree(o.counters()));
        s.set("quarantinedFilesInStore", store.path("quarantined"));
        return s;
    }

    /** A run's result without the fields that say how it was obtained rather than what it is. */
    private static JsonNode outcome(JsonNode manifest) {
        ObjectNode r = manifest.path("result").deepCopy();
        r.remove(List.of("reused", "resumedFromStep"));
        return r;
    }

    private static Map<String, JsonNode> byLabel(JsonNode sweepResult) {
        Map<String, JsonNode> out = new TreeMap<>();
        sweepResult.path("triggers").forEach(t -> out.put(t.path("label").asText(), t));
        return out;
    }

    /** A copy without {@code durationMillis} (workflow time, which faults change). */
    static JsonNode withoutDurations(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("durationMillis");
            o.forEach(Soak::strip);
        } else if (node instanceof ArrayNode a) {
            a.forEach(Soak::strip);
        }
    }

    private static String table(Plan plan, SoakRun.Outcome ref, SoakRun.Outcome fault, int completedRef,
                                int completedFault, int artifacts, int reports, List<String> differences,
                                List<String> damaged, JsonNode refStore, JsonNode faultStore, String load) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%nsoak %s: %d triggers, fault seed %d, %s, load %s%n", plan.name(),
                plan.triggerCount(), plan.seed(), cpuModel(), load));
        t.append(String.format(Locale.ROOT, "%-44s %16s %16s%n", "", "uninterrupted", "with faults"));
        row(t, "triggers completed", completedRef + "/" + plan.triggerCount(), completedFault + "/" + plan.triggerCount());
        row(t, "wall clock (s)", fmt(ref.seconds()), fmt(fault.seconds()));
        double stepsRef = ref.counters().getOrDefault("steps", 0.0);
        double stepsFault = fault.counters().getOrDefault("steps", 0.0);
        row(t, "training steps", fmt0(stepsRef), fmt0(stepsFault) + String.format(Locale.ROOT, " (%+.0f)",
                stepsFault - stepsRef));
        row(t, "attempts resumed from a checkpoint", fmt0(ref.counters().getOrDefault("resumes", 0.0)),
                fmt0(fault.counters().getOrDefault("resumes", 0.0)));
        Map<String, Double> types = new TreeMap<>();
        for (var c : List.of(ref.counters(), fault.counters())) {
            c.keySet().stream().filter(k -> k.startsWith("failures:") || k.startsWith("quarantined:")
                    || k.startsWith("recomputed:")).forEach(k -> types.put(k, 0.0));
        }
        for (String k : types.keySet()) {
            double a = ref.counters().getOrDefault(k, 0.0);
            double b = fault.counters().getOrDefault(k, 0.0);
            if (a != 0 || b != 0) {
                row(t, k.replace("failures:", "failed attempts: ").replace("quarantined:", "moved aside (metric): ")
                        .replace("recomputed:", "inputs recomputed: "), fmt0(a), fmt0(b));
            }
        }
        row(t, "SDK-counted failed attempts", fmt0(ref.counters().getOrDefault("sdk_failed_attempts", 0.0)),
                fmt0(fault.counters().getOrDefault("sdk_failed_attempts", 0.0)));
        row(t, "files moved aside in the store", refStore.path("quarantined").toString(),
                faultStore.path("quarantined").toString());
        t.append(String.format(Locale.ROOT, "faults: %s%n", String.join("; ", fault.events())));
        t.append(String.format(Locale.ROOT, "compared: %d trigger results, %d artifacts (hash of every file), %d reports:"
                + " %s%n", plan.triggerCount(), artifacts, reports, differences.isEmpty() ? "all identical"
                : differences.size() + " differences"));
        t.append(String.format(Locale.ROOT, "damaged files left in the faulted store: %d%n", damaged.size()));
        return t.toString();
    }

    private static void row(StringBuilder t, String name, String a, String b) {
        t.append(String.format(Locale.ROOT, "%-44s %16s %16s%n", name, a, b));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
