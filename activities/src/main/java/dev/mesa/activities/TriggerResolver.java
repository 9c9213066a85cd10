package dev.mesa.activities;

import dev.mesa.activities.store.ArtifactStore;
import dev.mesa.trigger.RandomColorTriggers;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.workflows.activity.TriggerSpec;

/** Turns a request's {@link TriggerSpec} (a recipe) into the pattern's pixels. */
final class TriggerResolver {
    private TriggerResolver() {}

    static TriggerPattern pattern(TriggerSpec raw, int channels, ArtifactStore store) {
        TriggerSpec spec = raw.withDefaults().validate();
        return switch (spec.kind()) {
            case TriggerSpec.BLACK_WHITE -> TriggerPattern.blackWhite(spec.id(), spec.size(), channels);
            case TriggerSpec.COLOR -> RandomColorTriggers.generate(spec.id(), spec.seed(), spec.size(), channels);
            default -> StoredTrigger.read(store.resolveInput("trigger.artifact", spec.artifact(), true));
        };
    }
}
