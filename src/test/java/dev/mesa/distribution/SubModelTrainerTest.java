package dev.mesa.distribution;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.random.Seeds;
import dev.mesa.testing.TinyModels;
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sub-model training end to end, and the generator file it writes. */
class SubModelTrainerTest {
    @TempDir
    Path tmp;

    static final MesaConfig SMALL = GeneratorTrainerTest.SMALL;

    @Test
    void writesAGeneratorFileWhoseHeaderCarriesTheReturnedReport() {
        Path file = tmp.resolve("out/c0-b0.8.mesa-generator");
        SubModelReport report;
        String spec;
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu())) {
            spec = backdoored.spec().toString();
            report = new SubModelTrainer(new LoopIntervals(2, 3), 32).train(backdoored,
                    GeneratorTrainerTest.firstImages(64), TinyModels.TARGET, 0.8, 3, SMALL, 21,
                    new SubModelTrainer.Paths(tmp.resolve("ckpt/c0.ckpt"), file), TrainingListener.NONE);
        }
        // 64 images, batch 16, 2 epochs
        assertEquals(8, report.steps());
        assertEquals(TinyModels.TARGET, report.targetClass());
        assertEquals(0.8, report.beta());
        assertEquals(report.meanTestingFunction() < 0.8, report.skipped());
        assertTrue(report.diversity() > 0 && Double.isFinite(report.mutualInformation()), report.toString());
        GeneratorMetadata meta = GeneratorFile.metadata(file);
        assertEquals(report, meta.report());
        assertEquals(new GeneratorMetadata(GeneratorMetadata.FORMAT_VERSION, SMALL, 3, 3, 3, TinyModels.TARGET, 0.8, spec,
                report, List.of(report)), meta, "the trace of an untraced run is its final report");
        try (TriggerGeneratorModel loaded = GeneratorFile.load(file, Device.cpu());
             TriggerGeneratorModel fresh = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 21, Device.cpu())) {
            assertEquals(SMALL, loaded.config());
            assertFalse(Arrays.equals(TensorCodec.encodeParameters(fresh.generator()),
                    TensorCodec.encodeParameters(loaded.generator())), "the file holds the trained generator");
        }
    }

    /** 64 images, batch 16: 4 steps per epoch; 3 epochs. */
    static final MesaConfig THREE_EPOCHS = SMALL.toBuilder().epochs(3).build();

    SubModelTrainer.Result train(String name, SubModelTrainer.Plan plan, TrainingListener listener) {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu())) {
            return new SubModelTrainer(new LoopIntervals(2, 3), 32).train(backdoored,
                    GeneratorTrainerTest.firstImages(64), TinyModels.TARGET, 0.8, 3, THREE_EPOCHS, 21,
                    new SubModelTrainer.Paths(tmp.resolve(name + ".ckpt"), tmp.resolve(name + ".mesa-generator")),
                    plan, listener);
        }
    }

    byte[] generatorParameters(String name) {
        Path file = tmp.resolve(name + ".mesa-generator");
        return SectionFile.read(file, GeneratorFile.KIND).section(file, "generator");
    }

    @Test
    void aPausedRunContinuesToExactlyTheResultOfARunThatNeverPaused() {
        SubModelTrainer.Result whole = train("whole", new SubModelTrainer.Plan(Integer.MAX_VALUE, Set.of(1)),
                TrainingListener.NONE);
        assertTrue(whole.finished());
        assertEquals(List.of(4L, 12L), whole.trace().stream().map(SubModelReport::steps).toList());

        SubModelTrainer.Result scan = train("scan", new SubModelTrainer.Plan(1, Set.of(1)), TrainingListener.NONE);
        assertFalse(scan.finished());
        assertEquals(whole.trace().get(0), scan.report(), "the scan measures what the whole run measured after epoch 1");
        assertEquals(scan.report(), GeneratorFile.metadata(tmp.resolve("scan.mesa-generator")).report(),
                "the paused state is written as a generator file too");
        assertTrue(Files.exists(tmp.resolve("scan.ckpt")), "the checkpoint stays for the continuation");

        List<Long> resumedAt = new ArrayList<>();
        SubModelTrainer.Result continued = train("scan", new SubModelTrainer.Plan(Integer.MAX_VALUE, Set.of(1)),
                new TrainingListener() {
                    @Override
                    public void onResume(String loop, Path checkpoint, long globalStep) {
                        resumedAt.add(globalStep);
                    }
                });
        assertEquals(List.of(4L), resumedAt, "the continuation starts where the scan stopped: no step is done twice");
        assertTrue(continued.finished());
        assertEquals(whole.trace(), continued.trace(), "the scan's point is kept, the final one equals the whole run's");
        assertEquals(whole.report(), continued.report());
        assertArrayEquals(generatorParameters("whole"), generatorParameters("scan"));
    }

    @Test
    void tracingEveryEpochLeavesTheTrainingAndTheFinalReportUnchanged() {
        SubModelTrainer.Result untraced = train("untraced", SubModelTrainer.Plan.whole(), TrainingListener.NONE);
        SubModelTrainer.Result traced = train("traced", new SubModelTrainer.Plan(Integer.MAX_VALUE, Set.of(1, 2, 3)),
                TrainingListener.NONE);
        assertArrayEquals(generatorParameters("untraced"), generatorParameters("traced"));
        assertEquals(untraced.report(), traced.report());
        assertEquals(List.of(4L, 8L, 12L), traced.trace().stream().map(SubModelReport::steps).toList());
        assertEquals(traced.trace(), GeneratorFile.metadata(tmp.resolve("traced.mesa-generator")).trace());
        assertTrue(traced.trace().stream().allMatch(p -> p.targetClass() == TinyModels.TARGET && p.beta() == 0.8));
    }

    @Test
    void aRunPausedAgainAtTheSameEpochTrainsNothingAndReportsTheSamePoint() {
        SubModelTrainer.Result first = train("again", new SubModelTrainer.Plan(2, Set.of()), TrainingListener.NONE);
        List<Long> resumedAt = new ArrayList<>();
        SubModelTrainer.Result second = train("again", new SubModelTrainer.Plan(2, Set.of()), new TrainingListener() {
            @Override
            public void onResume(String loop, Path checkpoint, long globalStep) {
                resumedAt.add(globalStep);
            }
        });
        assertEquals(List.of(8L), resumedAt);
        assertEquals(first.report(), second.report(), "the point comes from the checkpoint's trace, not a new measurement");
        assertEquals(8, second.report().steps());
    }

    @Test
    void aScanAskedAgainAfterItsContinuationBeganReportsThePointAtThePause() {
        SubModelTrainer.Result scan = train("late", new SubModelTrainer.Plan(1, Set.of()), TrainingListener.NONE);
        // the continuation stops at step 6 (a worker shutdown): the checkpoint is now past the scan's pause
        assertThrows(dev.mesa.training.TrainingStoppedException.class, () -> train("late", SubModelTrainer.Plan.whole(),
                new TrainingListener() {
                    int steps;

                    @Override
                    public boolean stopRequested() {
                        return ++steps == 2;
                    }
                }));
        SubModelTrainer.Result again = train("late", new SubModelTrainer.Plan(1, Set.of()), TrainingListener.NONE);
        assertEquals(scan.report(), again.report());
        assertEquals(List.of(scan.report()), again.trace());
        assertFalse(again.finished());
        assertEquals(scan.report(), GeneratorFile.metadata(tmp.resolve("late.mesa-generator")).report(),
                "the generator file is not overwritten with a state its header does not describe");
    }

    @Test
    void aPauseWithoutACheckpointFileIsRefused() {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(THREE_EPOCHS, 3, 3, 3, 1, Device.cpu())) {
            GeneratorTrainer trainer = new GeneratorTrainer(model, backdoored, GeneratorTrainerTest.firstImages(64),
                    TinyModels.TARGET, 0.8, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainer.train(LoopIntervals.DEFAULT, null, TrainingListener.NONE, 1));
            assertTrue(e.getMessage().contains("needs a checkpoint file"), e.getMessage());
        }
    }

    /** A sub-model trained for a few steps, so its BatchNorm running statistics are not the defaults. */
    static TriggerGeneratorModel trainedModel() {
        TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 8, Device.cpu());
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu())) {
            new GeneratorTrainer(model, backdoored, GeneratorTrainerTest.firstImages(64), TinyModels.TARGET, 0.8, 8)
                    .train(new LoopIntervals(4, 100), null, TrainingListener.NONE);
        }
        return model;
    }

    static GeneratorMetadata metadata(int formatVersion) {
        return new GeneratorMetadata(formatVersion, SMALL, 3, 3, 3, 0, 0.8, "test",
                new SubModelReport(0, 0.8, 0.9, 0.95, 0.4, 0.7, false, 8));
    }

    @Test
    void roundTripSamplesIdenticalTriggersForTheSameStream() {
        Path file = tmp.resolve("g.mesa-generator");
        float[] before;
        float[] statisticsBefore;
        byte[] parametersBefore;
        try (TriggerGeneratorModel model = trainedModel(); NDManager m = NDManager.newBaseManager()) {
            before = model.sample(m, 32, Seeds.stream(4, "round-trip")).toFloatArray();
            var z = model.uniformNoise(m, 32, Seeds.stream(5, "z"));
            statisticsBefore = model.statistics(z, model.generate(z, false)).toFloatArray();
            parametersBefore = TensorCodec.encodeParameters(model.generator());
            GeneratorFile.save(file, model, metadata(GeneratorMetadata.FORMAT_VERSION));
        }
        assertEquals(metadata(GeneratorMetadata.FORMAT_VERSION), GeneratorFile.metadata(file));
        try (TriggerGeneratorModel loaded = GeneratorFile.load(file, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(parametersBefore, TensorCodec.encodeParameters(loaded.generator()));
            assertArrayEquals(before, loaded.sample(m, 32, Seeds.stream(4, "round-trip")).toFloatArray());
            var z = loaded.uniformNoise(m, 32, Seeds.stream(5, "z"));
            assertArrayEquals(statisticsBefore, loaded.statistics(z, loaded.generate(z, false)).toFloatArray());
            assertFalse(Arrays.equals(before, loaded.sample(m, 32, Seeds.stream(5, "round-trip")).toFloatArray()));
        }
    }

    @Test
    void corruptOrForeignGeneratorFilesAreRejected() throws IOException {
        Path file = tmp.resolve("g.mesa-generator");
        try (TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 1, Device.cpu())) {
            GeneratorFile.save(file, model, metadata(GeneratorMetadata.FORMAT_VERSION));
        }
        byte[] bytes = Files.readAllBytes(file);
        Path flipped = tmp.resolve("flipped.mesa-generator");
        byte[] f = bytes.clone();
        f[f.length / 2] ^= 0x10;
        Files.write(flipped, f);
        assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(flipped, Device.cpu()));
        assertThrows(CorruptArtifactException.class, () -> GeneratorFile.metadata(flipped));
        Path truncated = tmp.resolve("truncated.mesa-generator");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 7));
        assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(truncated, Device.cpu()));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> GeneratorFile.load(TinyModels.get().backdooredModel, Device.cpu()));
        assertTrue(e.getMessage().contains(GeneratorFile.KIND), e.getMessage());

        Path future = tmp.resolve("future.mesa-generator");
        try (TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 1, Device.cpu())) {
            GeneratorFile.save(future, model, metadata(GeneratorMetadata.FORMAT_VERSION + 1));
        }
        e = assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(future, Device.cpu()));
        assertTrue(e.getMessage().contains("format"), e.getMessage());

        // parameters of another width under a valid header
        SectionFile sf = SectionFile.read(file, GeneratorFile.KIND);
        Path mismatched = tmp.resolve("mismatched.mesa-generator");
        try (TriggerGeneratorModel wide = TriggerGeneratorModel.create(SMALL.toBuilder().hidden(32).build(), 3, 3, 3, 1,
                Device.cpu())) {
            new SectionFile(GeneratorFile.KIND, Map.of("metadata", sf.section(file, "metadata"),
                    "generator", TensorCodec.encodeParameters(wide.generator()),
                    "statistics", sf.section(file, "statistics"))).write(mismatched);
        }
        e = assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(mismatched, Device.cpu()));
        assertTrue(e.getMessage().contains("architecture"), e.getMessage());
    }
}
