package dev.mesa.workflows;

import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.ModelActivities;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A per-activity options key that names no activity would silently leave that activity on the stub's default
 * options (a training activity with the evaluation timeouts): every key must be an activity type of its interface.
 */
class ActivityNamesTest {
    private static Set<String> typesOf(Class<?> activityInterface) {
        return POJOActivityInterfaceMetadata.newInstance(activityInterface).getMethodsMetadata().stream()
                .map(POJOActivityMethodMetadata::getActivityTypeName).collect(Collectors.toSet());
    }

    @Test
    void everyOptionsKeyNamesAnActivityOfItsInterface() {
        Set<String> defense = typesOf(DefenseActivities.class);
        Set<String> model = typesOf(ModelActivities.class);
        assertTrue(defense.containsAll(ActivityStubs.defenseOptions("q").keySet()),
                ActivityStubs.defenseOptions("q").keySet() + " vs " + defense);
        assertTrue(model.containsAll(ActivityStubs.modelOptions("q").keySet()),
                ActivityStubs.modelOptions("q").keySet() + " vs " + model);
    }

    @Test
    void theNamedListsCoverEveryActivityOnce() {
        Set<String> all = new HashSet<>(typesOf(DefenseActivities.class));
        all.addAll(typesOf(ModelActivities.class));
        Set<String> listed = new HashSet<>(ActivityNames.TRAINING);
        listed.addAll(ActivityNames.SHORT);
        assertEquals(all, listed);
        assertEquals(ActivityNames.TRAINING.size() + ActivityNames.SHORT.size(), listed.size(), "no name in both lists");
    }

    @Test
    void theNamesAreThoseTemporalDerivesFromTheMethods() {
        // the stored histories carry these types: an explicit name must not rename an activity on the wire
        assertEquals(Set.of("DescribeInputs", "TrainGenerator", "DetectTargets", "ReverseTrigger", "Retrain",
                "Evaluate", "WriteReport"), typesOf(DefenseActivities.class));
        assertEquals(Set.of("TrainClassifier", "InjectBackdoor"), typesOf(ModelActivities.class));
    }
}
