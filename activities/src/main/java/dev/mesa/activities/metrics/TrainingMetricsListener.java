package dev.mesa.activities.metrics;

import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;

import java.nio.file.Path;

/** Turns one training run's callbacks into the loop metrics; steps are counted once even across a resume. */
final class TrainingMetricsListener implements TrainingListener {
    private final MesaMetrics metrics;
    private final String loop;
    private long countedSteps;

    TrainingMetricsListener(MesaMetrics metrics, String loop) {
        this.metrics = metrics;
        this.loop = loop;
    }

    @Override
    public void onProgress(TrainingProgress progress) {
        long newSteps = Math.max(0, progress.globalStep() - countedSteps);
        countedSteps = Math.max(countedSteps, progress.globalStep());
        metrics.loopProgress(loop, progress.imagesPerSecond(), progress.fraction(), newSteps);
    }

    @Override
    public void onEpochEnd(String name, int epoch, TrainingProgress progress) {
        metrics.epochEnded(loop);
    }

    @Override
    public void onCheckpoint(String name, Path checkpoint, long globalStep) {
        metrics.checkpointWritten(loop);
    }

    @Override
    public void onResume(String name, Path checkpoint, long globalStep) {
        countedSteps = globalStep;
    }
}
