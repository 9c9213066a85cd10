package dev.mesa.activities;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.random.Seeds;
import dev.mesa.report.TriggerGrid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Seeded samples of a stored generator, as flat C×h×w arrays (for sample grids and embeddings). */
final class GeneratorSamples {
    /** File name of a generator in its run directory. */
    static final String GENERATOR = "generator.mesa-generator";
    static final String GRID = "samples.png";

    private GeneratorSamples() {}

    static List<float[]> draw(Path generatorFile, int count, long seed, Device device) {
        try (TriggerGeneratorModel model = GeneratorFile.load(generatorFile, device);
             NDManager scratch = model.manager().newSubManager()) {
            NDArray samples = model.sample(scratch, count, Seeds.stream(seed, "report-samples"));
            float[] flat = samples.toFloatArray();
            int size = model.channels() * model.height() * model.width();
            List<float[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] one = new float[size];
                System.arraycopy(flat, i * size, one, 0, size);
                out.add(one);
            }
            return out;
        }
    }

    /** Writes an 8×8 grid of samples beside the generator. */
    static void writeGrid(Path generatorFile, Path png, long seed, Device device) {
        var meta = GeneratorFile.metadata(generatorFile);
        List<float[]> samples = draw(generatorFile, 64, seed, device);
        DurableFiles.write(png, tmp -> TriggerGrid.writePng(tmp, samples, meta.channels(),
                meta.height(), meta.width(), 8, 8));
    }
}
