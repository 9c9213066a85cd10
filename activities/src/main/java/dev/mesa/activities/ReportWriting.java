package dev.mesa.activities;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.report.FigureGroups;
import dev.mesa.activities.report.MarkdownReport;
import dev.mesa.activities.store.ArtifactKeys;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorMetadata;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.ReportArtifact;
import dev.mesa.workflows.activity.ReportFigure;
import dev.mesa.workflows.activity.ReportRequest;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code writeReport}: {@code report.md} and {@code report.json} under {@code reports/<reportId>} (the workflow id,
 * e.g. {@code reports/defense/demo}), plus the trigger-distribution figure when the request names generators: 100
 * samples of each, the original trigger and the reversed ones, embedded by PCA and t-SNE.
 */
final class ReportWriting {
    static final String ACTIVITY = ActivityNames.WRITE_REPORT;
    private static final int SAMPLES_PER_GENERATOR = 100;
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    private final ActivityResources resources;

    ReportWriting(ActivityResources resources) {
        this.resources = resources;
    }

    ReportArtifact run(ReportRequest request) {
        String key = "reports/" + ArtifactKeys.requireValid("reportId", request.reportId());
        RunDirectory run = resources.store().runAt(key, ACTIVITY, request);
        Path markdown = run.file("report.md");
        Path json = run.file("report.json");
        ReportArtifact artifact = new ReportArtifact(run.key(), markdown.toString(), json.toString());
        if (run.complete()) {
            return artifact;
        }
        List<String> figures = request.figure() != null && request.figure().generatorKeys() != null
                && !request.figure().generatorKeys().isEmpty() ? figure(request.figure(), request.seed(), run) : List.of();
        ObjectNode document = MAPPER.valueToTree(request);
        document.set("figureFiles", MAPPER.valueToTree(figures));
        DurableFiles.writeString(json, document.toPrettyString());
        DurableFiles.writeString(markdown, MarkdownReport.render(request, figures));
        return run.finish(artifact);
    }

    private List<String> figure(ReportFigure figure, long seed, RunDirectory run) {
        FigureGroups groups = new FigureGroups();
        int channels = 3;
        for (int i = 0; i < figure.generatorKeys().size(); i++) {
            long samplesSeed = seed + i;
            Sampled sampled = InputArtifacts.read(resources, "figure.generatorKeys[" + i + "]",
                    figure.generatorKeys().get(i), false, dir -> {
                        Path file = dir.resolve(GeneratorSamples.GENERATOR);
                        return new Sampled(GeneratorFile.metadata(file), GeneratorSamples.draw(file,
                                SAMPLES_PER_GENERATOR, samplesSeed, resources.device()));
                    });
            GeneratorMetadata meta = sampled.metadata();
            channels = meta.channels();
            groups.add("class " + meta.targetClass() + " beta=" + MesaMetrics.betaLabel(meta.beta()), sampled.samples());
        }
        if (figure.originalTrigger() != null) {
            var original = TriggerResolver.pattern(figure.originalTrigger(), channels, resources.store());
            groups.add("original " + original.name(), List.of(original.values()));
        }
        List<float[]> reversed = new ArrayList<>();
        List<String> reversedKeys = figure.reversedTriggerKeys() != null ? figure.reversedTriggerKeys() : List.of();
        for (int i = 0; i < reversedKeys.size(); i++) {
            reversed.add(InputArtifacts.read(resources, "figure.reversedTriggerKeys[" + i + "]", reversedKeys.get(i),
                    false, StoredTrigger::read).values());
        }
        if (!reversed.isEmpty()) {
            groups.add("reversed", reversed);
        }
        return groups.draw(run.path());
    }

    /** A stored generator's header and its samples for the figure. */
    private record Sampled(GeneratorMetadata metadata, List<float[]> samples) {}
}
