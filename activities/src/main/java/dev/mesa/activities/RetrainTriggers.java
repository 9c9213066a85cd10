package dev.mesa.activities;

import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorMetadata;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.distribution.TriggerMixtures;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.workflows.activity.TriggerSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The triggers a retraining stamps, opened from a request's {@link TriggerSource}: stored generators mixed by the
 * core's {@link TriggerMixtures} (one, a uniform or entropy-weighted per-sample mixture, cycled epoch by epoch in the
 * order given or the reference code's way), a stored reversed trigger, or the original trigger. Holds the loaded
 * generators until closed. Retraining samples without the search noise (as the reference code does).
 */
final class RetrainTriggers implements AutoCloseable {
    private final List<TriggerGeneratorModel> opened = new ArrayList<>();
    private final java.util.Set<Integer> targetClasses = new java.util.TreeSet<>();
    private dev.mesa.trigger.TriggerSource source;

    private RetrainTriggers() {}

    static RetrainTriggers open(TriggerSource spec, ActivityResources resources, int channels) {
        if (spec == null) {
            throw new IllegalArgumentException("triggers is required: generators, reversed or original");
        }
        RetrainTriggers triggers = new RetrainTriggers();
        try {
            triggers.source = triggers.build(spec, resources, channels);
            if (triggers.source.channels() != channels) {
                throw new IllegalArgumentException("the triggers have " + triggers.source.channels()
                        + " channels, the images " + channels);
            }
            return triggers;
        } catch (RuntimeException e) {
            triggers.close();
            throw e;
        }
    }

    dev.mesa.trigger.TriggerSource source() {
        return source;
    }

    /** The classes the opened generators were trained for (empty for a fixed trigger). */
    java.util.Set<Integer> generatorTargetClasses() {
        return java.util.Collections.unmodifiableSet(targetClasses);
    }

    private dev.mesa.trigger.TriggerSource build(TriggerSource spec, ActivityResources resources, int channels) {
        String kind = spec.kind() == null ? "" : spec.kind();
        return switch (kind) {
            case TriggerSource.GENERATORS -> generators(spec, resources);
            case TriggerSource.REVERSED -> new FixedTriggerSource(InputArtifacts.read(resources, "triggers.triggerKey",
                    spec.triggerKey(), false, StoredTrigger::read));
            case TriggerSource.ORIGINAL -> {
                if (spec.originalTrigger() == null) {
                    throw new IllegalArgumentException("triggers.originalTrigger is required for an original source");
                }
                yield new FixedTriggerSource(TriggerResolver.pattern(spec.originalTrigger(), channels, resources.store()));
            }
            default -> throw new IllegalArgumentException("triggers.kind must be generators, reversed or original, got "
                    + spec.kind());
        };
    }

    private dev.mesa.trigger.TriggerSource generators(TriggerSource spec, ActivityResources resources) {
        List<String> keys = spec.generatorKeys();
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("triggers.generatorKeys must list at least one generator");
        }
        TriggerMixtures.Mixing mixing = mixing(spec.mixing() != null ? spec.mixing() : TriggerSource.UNIFORM);
        if (mixing == TriggerMixtures.Mixing.SINGLE && keys.size() != 1) {
            throw new IllegalArgumentException("triggers.mixing single takes exactly one generator, got " + keys.size());
        }
        List<TriggerMixtures.Member> members = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            StoredGenerator stored = InputArtifacts.read(resources, "triggers.generatorKeys[" + i + "]", keys.get(i),
                    false, dir -> StoredGenerator.load(dir.resolve(GeneratorSamples.GENERATOR), resources));
            TriggerGeneratorModel model = stored.model();
            GeneratorMetadata meta = stored.metadata();
            targetClasses.add(meta.targetClass());
            opened.add(model);
            members.add(new TriggerMixtures.Member(model, meta.report(), "c" + meta.targetClass() + " beta="
                    + MesaMetrics.betaLabel(meta.beta())));
        }
        return TriggerMixtures.of(mixing, members);
    }

    /** The core's mixing of a wire name, one of {@link TriggerSource#MIXINGS}. */
    static TriggerMixtures.Mixing mixing(String name) {
        return switch (name) {
            case TriggerSource.SINGLE -> TriggerMixtures.Mixing.SINGLE;
            case TriggerSource.UNIFORM -> TriggerMixtures.Mixing.UNIFORM;
            case TriggerSource.ENTROPY -> TriggerMixtures.Mixing.ENTROPY_WEIGHTED;
            case TriggerSource.CYCLE -> TriggerMixtures.Mixing.CYCLE;
            case TriggerSource.REFERENCE_CYCLE -> TriggerMixtures.Mixing.REFERENCE_CYCLE;
            default -> throw new IllegalArgumentException("triggers.mixing must be one of " + TriggerSource.MIXINGS
                    + ", got " + name);
        };
    }

    @Override
    public void close() {
        opened.forEach(TriggerGeneratorModel::close);
    }

    /** A stored generator loaded on the worker's device, with its header. */
    private record StoredGenerator(GeneratorMetadata metadata, TriggerGeneratorModel model) {
        static StoredGenerator load(Path file, ActivityResources resources) {
            GeneratorMetadata meta = GeneratorFile.metadata(file);
            return new StoredGenerator(meta, GeneratorFile.load(file, resources.device()));
        }
    }
}
