package dev.mesa.activities;

import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TriggerArtifact;

/** A stored result handed back for a repeated request: marked reused, nothing resumed. */
final class Reuse {
    private Reuse() {}

    static ModelArtifact of(ModelArtifact stored) {
        return new ModelArtifact(stored.key(), stored.cleanAccuracy(), true, 0);
    }

    static GeneratorArtifact of(GeneratorArtifact g) {
        return g.asReused();
    }

    static TriggerArtifact of(TriggerArtifact stored) {
        return new TriggerArtifact(stored.key(), stored.sampleAsr(), true, 0);
    }
}
