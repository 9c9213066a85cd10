package dev.mesa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.defense.ContinuationRule;
import dev.mesa.defense.DetectionRule;
import dev.mesa.defense.DetectionScan;
import dev.mesa.defense.TargetDetector;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorMetadata;
import dev.mesa.distribution.SubModelReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the per-epoch traces of every class's detection generator (sample ASR and E[F] after each measured epoch)
 * and replays candidate scan rules on them: for each (scan epochs, continuation ASR, continuation anomaly index),
 * which classes would have continued, whether the verdict equals the full-budget verdict, the anomaly indices side
 * by side, and the share of detection epochs saved. Reads a DefenseBenchmark work directory ({@code bw-<id>/} with
 * {@code generator-c<class>-b<β>-e<epochs>.mesa-generator} files from {@code --detection full --trace}) or the JSON
 * of a DefenseResult ({@code mesa status <id>}) of a defence run with {@code "detection": "full",
 * "traceDetection": true}.
 */
@Command(name = "DetectionTraceReport", mixinStandardHelpOptions = true,
        description = "Per-epoch detection traces and the replay of scan rules on them.")
public final class DetectionTraceReport implements Callable<Integer> {
    private static final Pattern FILE = Pattern.compile("generator-c(\\d+)-b([0-9.]+)-e(\\d+)\\.mesa-generator");

    @Option(names = "--work", description = "DefenseBenchmark work directories (each holds bw-<id>/ folders)", split = ",")
    List<Path> work = List.of();
    @Option(names = "--result", description = "DefenseResult JSON files", split = ",") List<Path> results = List.of();
    @Option(names = "--beta", description = "β of the detection generators (default: ${DEFAULT-VALUE})") double beta = 0.9;
    @Option(names = "--epochs", description = "detection budget in epochs (default: ${DEFAULT-VALUE})") int epochs = 10;
    @Option(names = "--scan-epochs", split = ",") List<Integer> scanEpochs = List.of(1, 2, 3, 4);
    @Option(names = "--continue-asr", split = ",") List<Double> continueAsr = List.of(0.05, 0.1, 0.2);
    @Option(names = "--continue-anomaly", split = ",") List<Double> continueAnomaly = List.of(2.0, 3.0);
    @Option(names = "--out", description = "also write the tables and replays as JSON here") Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DetectionTraceReport()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Map<String, List<List<SubModelReport>>> models = new TreeMap<>();
        for (Path w : work) {
            try (Stream<Path> dirs = Files.list(w)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    List<List<SubModelReport>> traces = fromWorkDirectory(dir);
                    if (!traces.isEmpty()) {
                        models.put(dir.toString(), traces);
                    }
                }
            }
        }
        for (Path r : results) {
            models.put(r.toString(), fromDefenseResult(r));
        }
        if (models.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no traces found: give --work or --result");
        }
        Map<String, Object> record = BenchRecord.start("detection-traces", "DetectionTraceReport");
        List<Map<String, Object>> all = new ArrayList<>();
        models.forEach((name, traces) -> all.add(report(name, traces)));
        record.put("models", all);
        if (out != null) {
            BenchRecord.write(out, record);
        }
        return 0;
    }

    /** The traces of a work directory's detection generators, one per class in class order (steps as written). */
    private List<List<SubModelReport>> fromWorkDirectory(Path dir) throws IOException {
        Map<Integer, List<SubModelReport>> byClass = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches() && Double.parseDouble(m.group(2)) == beta && Integer.parseInt(m.group(3)) == epochs) {
                    GeneratorMetadata meta = GeneratorFile.metadata(f);
                    byClass.put(Integer.parseInt(m.group(1)), meta.trace() != null ? meta.trace() : List.of(meta.report()));
                }
            }
        }
        return new ArrayList<>(byClass.values());
    }

    /** The traces of a DefenseResult's detection generators, with each point's steps set to its epoch. */
    private static List<List<SubModelReport>> fromDefenseResult(Path file) throws IOException {
        JsonNode root = JsonCodec.mapper().readTree(file.toFile());
        List<List<SubModelReport>> traces = new ArrayList<>();
        for (JsonNode g : root.path("detectionGenerators")) {
            List<SubModelReport> trace = new ArrayList<>();
            for (JsonNode p : g.path("trace")) {
                trace.add(new SubModelReport(g.path("targetClass").asInt(), g.path("beta").asDouble(),
                        p.path("meanTestingFunction").asDouble(), p.path("sampleAsr").asDouble(),
                        p.path("mutualInformation").asDouble(), p.path("diversity").asDouble(),
                        p.path("meanTestingFunction").asDouble() < g.path("beta").asDouble(), p.path("epoch").asLong()));
            }
            traces.add(trace);
        }
        return traces;
    }

    private Map<String, Object> report(String name, List<List<SubModelReport>> traces) {
        long stepsPerEpoch = stepsPerEpoch(traces);
        System.out.println("== " + name + " (" + traces.size() + " classes, " + stepsPerEpoch + " steps per epoch)");
        printTable("sample ASR", traces, stepsPerEpoch, SubModelReport::sampleAsr);
        printTable("E[F]", traces, stepsPerEpoch, SubModelReport::meanTestingFunction);
        TargetDetector detector = new TargetDetector(DetectionRule.defaults());
        List<Map<String, Object>> replays = new ArrayList<>();
        System.out.println("replays (scan epochs, continue ASR, continue anomaly): continued, verdict, full verdict, "
                + "epochs saved");
        for (int k : scanEpochs) {
            for (double asr : continueAsr) {
                for (double anomaly : continueAnomaly) {
                    DetectionScan scan = new DetectionScan(k, new ContinuationRule(asr, anomaly));
                    DetectionScan.Replay replay;
                    try {
                        replay = scan.replay(traces, detector, stepsPerEpoch);
                    } catch (IllegalArgumentException e) {
                        System.out.println("  " + k + ", " + asr + ", " + anomaly + ": " + e.getMessage());
                        continue;
                    }
                    int spent = traces.size() * Math.min(k, epochs) + replay.continued().size() * Math.max(0, epochs - k);
                    double saved = 1 - spent / (double) (traces.size() * epochs);
                    System.out.printf(Locale.ROOT, "  %d, %.2f, %.1f: continued %s, verdict %s, full %s%s, %.0f%% saved%n",
                            k, asr, anomaly, replay.continued(), replay.verdict().attackedClasses(),
                            replay.fullBudgetVerdict().attackedClasses(), replay.sameVerdict() ? "" : "  DIFFERENT",
                            saved * 100);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("scan", scan);
                    row.put("continued", replay.continued());
                    row.put("verdict", replay.verdict());
                    row.put("fullBudgetVerdict", replay.fullBudgetVerdict());
                    row.put("sameVerdict", replay.sameVerdict());
                    row.put("detectionEpochsSaved", saved);
                    replays.add(row);
                }
            }
        }
        printSideBySide(DetectionScan.provisional().replay(traces, detector, stepsPerEpoch));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", name);
        m.put("stepsPerEpoch", stepsPerEpoch);
        m.put("traces", traces);
        m.put("replays", replays);
        return m;
    }

    /** The full budget's detection table beside the provisional scan's, class by class. */
    private static void printSideBySide(DetectionScan.Replay replay) {
        System.out.println("provisional scan " + DetectionScan.provisional() + " against the full budget:");
        System.out.println("  class   full ASR  full index  scan ASR  scan index  continued  final ASR  final index"
                + "  flagged (full / scan protocol)");
        for (int i = 0; i < replay.fullBudgetVerdict().perClass().size(); i++) {
            var full = replay.fullBudgetVerdict().perClass().get(i);
            var scanned = replay.scan().perClass().get(i);
            var fin = replay.verdict().perClass().get(i);
            System.out.printf(Locale.ROOT, "  %-5d %8.1f%% %11.1f %8.1f%% %11.1f %10s %9.1f%% %12.1f  %s / %s%n",
                    full.targetClass(), full.sampleAsr() * 100, full.anomalyIndex(), scanned.sampleAsr() * 100,
                    scanned.anomalyIndex(), replay.continued().contains(full.targetClass()) ? "yes" : "no",
                    fin.sampleAsr() * 100, fin.anomalyIndex(), full.flagged(), fin.flagged());
        }
    }

    /** The steps of one epoch: the last point of a full trace is at the budget's end. */
    private long stepsPerEpoch(List<List<SubModelReport>> traces) {
        long last = traces.get(0).get(traces.get(0).size() - 1).steps();
        if (last % epochs != 0) {
            throw new IllegalArgumentException("the last point is at step " + last + ", not a multiple of " + epochs
                    + " epochs: give the budget with --epochs");
        }
        return last / epochs;
    }

    private void printTable(String what, List<List<SubModelReport>> traces, long stepsPerEpoch,
                            java.util.function.ToDoubleFunction<SubModelReport> figure) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-8s", what));
        for (int e = 1; e <= epochs; e++) {
            header.append(String.format(Locale.ROOT, " %6s", "e" + e));
        }
        System.out.println(header);
        for (List<SubModelReport> trace : traces) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  class %-2d", trace.get(0).targetClass()));
            for (int e = 1; e <= epochs; e++) {
                long steps = e * stepsPerEpoch;
                row.append(trace.stream().filter(p -> p.steps() == steps).findFirst()
                        .map(p -> String.format(Locale.ROOT, " %5.1f%%", figure.applyAsDouble(p) * 100))
                        .orElse("      -"));
            }
            System.out.println(row);
        }
    }
}
