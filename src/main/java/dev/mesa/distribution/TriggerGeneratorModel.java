package dev.mesa.distribution;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.mesa.model.ParameterInitializer;
import dev.mesa.random.Seeds;

import java.util.SplittableRandom;

/**
 * One MESA sub-model: the generator G and its statistics network T, on a manager of their own. Noise is
 * drawn on the host from seeded streams (z ~ U[0,1)^zDim, as in the reference code).
 */
public final class TriggerGeneratorModel implements AutoCloseable {
    private final NDManager manager;
    private final TriggerGenerator generator;
    private final StatisticsNetwork statistics;
    private final ParameterStore parameterStore;
    private final MesaConfig config;
    private final int channels;
    private final int height;
    private final int width;

    private TriggerGeneratorModel(NDManager manager, MesaConfig config, int channels, int height, int width) {
        this.manager = manager;
        this.config = config;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.generator = TriggerGenerator.builder().setTriggerShape(channels, height, width)
                .optNoiseDim(config.noiseDim()).optHidden(config.hidden()).build();
        this.statistics = StatisticsNetwork.builder().optHidden(config.hidden())
                .optFinalActivation(config.statisticsFinalActivation()).build();
        generator.initialize(manager, DataType.FLOAT32, new Shape(2, config.noiseDim()));
        statistics.initialize(manager, DataType.FLOAT32, new Shape(2, config.noiseDim()), new Shape(2, channels, height, width));
        this.parameterStore = new ParameterStore(manager, false);
    }

    /** A freshly initialised sub-model (PyTorch-default initialisation, seeded). */
    public static TriggerGeneratorModel create(MesaConfig config, int channels, int height, int width, long seed,
                                               Device device) {
        TriggerGeneratorModel m = new TriggerGeneratorModel(NDManager.newBaseManager(device), config, channels, height, width);
        ParameterInitializer.pytorchDefaults(m.generator, Seeds.derive(seed, "generator-init"));
        ParameterInitializer.pytorchDefaults(m.statistics, Seeds.derive(seed, "statistics-init"));
        return m;
    }

    /** An initialised sub-model whose parameters the caller loads. */
    static TriggerGeneratorModel empty(MesaConfig config, int channels, int height, int width, Device device) {
        return new TriggerGeneratorModel(NDManager.newBaseManager(device), config, channels, height, width);
    }

    /** Triggers {@code (B, C, h, w)} for noise {@code (B, zDim)}; BatchNorm uses batch statistics iff {@code training}. */
    public NDArray generate(NDArray noise, boolean training) {
        return generator.forward(parameterStore, new NDList(noise), training).singletonOrThrow();
    }

    /** T(z, x), {@code (B)}. */
    public NDArray statistics(NDArray noise, NDArray triggers) {
        return statistics.forward(parameterStore, new NDList(noise, triggers), true).singletonOrThrow();
    }

    /** {@code count} noise vectors ~ U[0,1)^zDim on {@code target}. */
    public NDArray uniformNoise(NDManager target, int count, SplittableRandom random) {
        float[] z = new float[count * config.noiseDim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextDouble();
        }
        return target.create(z, new Shape(count, config.noiseDim()));
    }

    /** {@code count} triggers from the trained generator (inference mode). */
    public NDArray sample(NDManager target, int count, SplittableRandom random) {
        return generate(uniformNoise(target, count, random), false);
    }

    /** Marks every weight of G and T trainable again (BatchNorm running statistics excluded). */
    public void unfreeze() {
        generator.freezeParameters(false, p -> p.getType() != ai.djl.nn.Parameter.Type.RUNNING_MEAN
                && p.getType() != ai.djl.nn.Parameter.Type.RUNNING_VAR);
        statistics.freezeParameters(false);
    }

    public TriggerGenerator generator() {
        return generator;
    }

    public StatisticsNetwork statisticsNetwork() {
        return statistics;
    }

    public MesaConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    @Override
    public void close() {
        manager.close();
    }
}
