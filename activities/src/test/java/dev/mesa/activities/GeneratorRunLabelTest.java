package dev.mesa.activities;

import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run a generator is trained for labels its gauges and nothing else: a second sweep asking for the same
 * generator reuses the first one's run directory, and each sweep has its own series.
 */
class GeneratorRunLabelTest {
    @Test
    void theRunLabelsTheGaugesButNotTheRunDirectory() {
        try (ActivityTestBed bed = new ActivityTestBed()) {
            ModelArtifact model = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
            TrainGeneratorRequest request = new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 0, 0.9, 3,
                    ActivityTestBed.MESA, 5, TrainGeneratorRequest.STAIRCASE);
            GeneratorArtifact first = bed.defense.trainGenerator(request.forRun("sweep/a"));
            GeneratorArtifact second = bed.defense.trainGenerator(request.forRun("sweep/b"));
            GeneratorArtifact unlabelled = bed.defense.trainGenerator(request);
            assertFalse(first.reused());
            assertTrue(second.reused(), "the run label is not part of the run's identity");
            assertEquals(first.key(), second.key());
            assertEquals(first.key(), unlabelled.key());
            for (String run : new String[] {"sweep/a", "sweep/b", "none"}) {
                var gauge = bed.registry.find(MetricNames.GENERATOR_TESTING_FUNCTION).tag(MetricNames.RUN, run)
                        .tag("target_class", "0").tag("beta", "0.9").gauge();
                assertNotNull(gauge, "a series for " + run);
                assertEquals(first.meanTestingFunction(), gauge.value(), run);
            }
        }
    }

    @Test
    void theWideMarkIsNotPartOfTheRunEither() {
        try (ActivityTestBed bed = new ActivityTestBed()) {
            ModelArtifact model = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
            TrainGeneratorRequest request = new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 1, 0.9, 3,
                    ActivityTestBed.MESA, 6, TrainGeneratorRequest.STAIRCASE);
            GeneratorArtifact narrow = bed.defense.trainGenerator(request);
            GeneratorArtifact wide = bed.defense.trainGenerator(request.widenedWhen(true));
            assertFalse(narrow.reused());
            assertTrue(wide.reused(), "a unit marked wide names the same run as the unmarked one");
            assertEquals(narrow.key(), wide.key());
        }
    }
}
