package dev.mesa.workflows;

import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.GeneratorTracePoint;
import dev.mesa.workflows.activity.ReportRow;
import dev.mesa.workflows.activity.ReportTable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The report tables of the detection generators' traces: sample ASR and E[F] of each class after each measured epoch
 * (empty cells where a class was not measured, such as the epochs after a class stopped at the scan). No tables when
 * no generator was measured before its last epoch.
 */
final class DetectionTraces {
    private DetectionTraces() {}

    static List<ReportTable> tables(List<GeneratorArtifact> detectionGenerators) {
        if (detectionGenerators.stream().noneMatch(g -> g.trace().size() > 1)) {
            return List.of();
        }
        List<Integer> epochs = detectionGenerators.stream().flatMap(g -> g.trace().stream())
                .map(GeneratorTracePoint::epoch).distinct().sorted().toList();
        return List.of(table("detection trace: sample ASR by epoch", detectionGenerators, epochs,
                        GeneratorTracePoint::sampleAsr),
                table("detection trace: mean F by epoch", detectionGenerators, epochs,
                        GeneratorTracePoint::meanTestingFunction));
    }

    private static ReportTable table(String title, List<GeneratorArtifact> generators, List<Integer> epochs,
                                     ToDoubleFunction<GeneratorTracePoint> figure) {
        List<String> columns = new ArrayList<>(List.of("class"));
        epochs.forEach(e -> columns.add("epoch " + e));
        List<ReportRow> rows = generators.stream().map(g -> new ReportRow("class " + g.targetClass(), epochs.stream()
                .map(e -> g.trace().stream().filter(p -> p.epoch() == e).findFirst()
                        .map(p -> (Double) figure.applyAsDouble(p)).orElse(null)).toList())).toList();
        return new ReportTable(title, columns, rows);
    }
}
