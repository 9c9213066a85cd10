package dev.mesa.activities;

import ai.djl.Device;
import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.store.ArtifactStore;
import dev.mesa.data.DatasetLoader;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelActivities;
import dev.mesa.workflows.activity.TrainClassifierRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real activities in a {@link TestActivityEnvironment} over a temporary artifact store, with tiny settings that
 * train in seconds: synthetic 10 classes of 16×16 images (60 training and 30 test images per class, so a 240-image
 * defence split), a compact CNN of width 8, generators of hidden width 64 and batch 32.
 */
final class ActivityTestBed implements AutoCloseable {
    static final DatasetSpec DATA = new DatasetSpec(DatasetSpec.SYNTHETIC, null, 10, 60, 30, 16, 3L);
    static final ClassifierSettings CLASSIFIER = new ClassifierSettings(ClassifierSettings.COMPACT, 2, 32, 0.05, 5e-4, 0.25);
    static final MesaSettings MESA = new MesaSettings(List.of(0.5, 0.9), 0.1, 0.9, 2, 2, 32, 0.1, 64, 64, 2e-3, 0.001,
            0.5, 2.0);
    static final DatasetLoader LOADER = DatasetLoader.offline(Path.of(System.getProperty("java.io.tmpdir"), "mesa-test-cache"));

    final Path storeDir;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WorkerShutdown shutdown = new WorkerShutdown();
    final ActivityResources resources;
    final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    final ModelActivities model;
    final DefenseActivities defense;

    ActivityTestBed() {
        this(newStore(), TrainingCadence.defaults());
    }

    ActivityTestBed(Path storeDir, TrainingCadence cadence) {
        this(storeDir, cadence, Duration.ofMinutes(2));
    }

    /** {@code heartbeatTimeout} also sets how often the SDK forwards heartbeats (0.8 of it): short to see them all. */
    ActivityTestBed(Path storeDir, TrainingCadence cadence, Duration heartbeatTimeout) {
        this.storeDir = storeDir;
        MesaMetrics metrics = new MesaMetrics(registry);
        this.resources = new ActivityResources(new ArtifactStore(storeDir, metrics.storeEvents()),
                new DatasetCatalog(LOADER, Map.of()), Device.cpu(), metrics, cadence, shutdown);
        env.registerActivitiesImplementations(new ModelActivitiesImpl(resources), new DefenseActivitiesImpl(resources));
        ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(10))
                .setHeartbeatTimeout(heartbeatTimeout).build();
        model = env.newActivityStub(ModelActivities.class, options);
        defense = env.newActivityStub(DefenseActivities.class, options);
    }

    static Path newStore() {
        try {
            return Files.createTempDirectory("mesa-activities-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TrainClassifierRequest cleanRequest() {
        return new TrainClassifierRequest(DATA, CLASSIFIER, 11);
    }

    @Override
    public void close() {
        env.close();
    }
}
