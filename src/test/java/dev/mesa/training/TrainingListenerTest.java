package dev.mesa.training;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingListenerTest {
    /** Records each event as "name:event". */
    private static TrainingListener recorder(String name, List<String> events, boolean stop) {
        return new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress progress) {
                events.add(name + ":progress@" + progress.globalStep());
            }

            @Override
            public void onEpochEnd(String loop, int epoch, TrainingProgress progress) {
                events.add(name + ":epoch" + epoch);
            }

            @Override
            public void onCheckpoint(String loop, Path checkpoint, long globalStep) {
                events.add(name + ":checkpoint@" + globalStep);
            }

            @Override
            public void onResume(String loop, Path checkpoint, long globalStep) {
                events.add(name + ":resume@" + globalStep);
            }

            @Override
            public void onCheckpointDiscarded(String loop, Path movedTo, String problem) {
                events.add(name + ":discarded " + problem);
            }

            @Override
            public boolean stopRequested() {
                events.add(name + ":stop?");
                return stop;
            }
        };
    }

    @Test
    void composePassesEveryEventToEachListenerInOrder() {
        List<String> events = new ArrayList<>();
        TrainingListener both = TrainingListener.compose(recorder("a", events, false), recorder("b", events, false));
        TrainingProgress progress = new TrainingProgress("loop", 3, 10, 0, 1, Map.of(), 1.0);
        both.onProgress(progress);
        both.onEpochEnd("loop", 0, progress);
        both.onCheckpoint("loop", Path.of("c"), 4);
        both.onResume("loop", Path.of("c"), 4);
        both.onCheckpointDiscarded("loop", null, "truncated");
        assertFalse(both.stopRequested());
        assertEquals(List.of("a:progress@3", "b:progress@3", "a:epoch0", "b:epoch0", "a:checkpoint@4", "b:checkpoint@4",
                "a:resume@4", "b:resume@4", "a:discarded truncated", "b:discarded truncated", "a:stop?", "b:stop?"),
                events);
    }

    @Test
    void composeStopsWhenAnyListenerAsks() {
        List<String> events = new ArrayList<>();
        assertTrue(TrainingListener.compose(recorder("a", events, false), recorder("b", events, true)).stopRequested());
        assertTrue(TrainingListener.compose(recorder("a", events, true), TrainingListener.NONE).stopRequested());
        assertFalse(TrainingListener.compose().stopRequested());
    }
}
