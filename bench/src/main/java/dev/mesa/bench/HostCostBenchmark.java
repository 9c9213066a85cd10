package dev.mesa.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.EpochPlan;
import dev.mesa.data.HostBatch;
import dev.mesa.data.ImageDataset;
import dev.mesa.data.Normalization;
import dev.mesa.random.Seeds;
import dev.mesa.training.GradMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * What a training step costs on the host, whatever the device: assembling a batch in Java (CIFAR augmentation,
 * normalisation, the copy into a tensor) and dispatching one tensor operation through DJL (JNI, PyTorch's
 * dispatcher, no arithmetic to speak of). On a CPU both are small beside the kernels; on a GPU they bound the step
 * from below, so PERFORMANCE.md's GPU estimate uses them. Prints one JSON line of medians over {@code --rounds}.
 */
@Command(name = "HostCostBenchmark", mixinStandardHelpOptions = true)
public final class HostCostBenchmark implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--batch") int batch = 128;
    @Option(names = "--batches", description = "batches assembled per round") int batches = 200;
    @Option(names = "--ops", description = "operations dispatched per round") int ops = 20_000;
    @Option(names = "--rounds") int rounds = 5;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HostCostBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        Engine.getEngine("PyTorch");
        GradMode.disableOnThisThread();
        ImageDataset images = HotLoopBenchmark.syntheticPool(1024);
        BatchAssembler assembler = new BatchAssembler(images, Normalization.of(images));
        EpochPlan plan = new EpochPlan(images.size(), batch, true, 0, 0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "host-side cost per step: batch assembly and operator dispatch");
        r.put("machine", MachineInfo.describe());
        r.put("batch", batch);
        r.put("assemble_ms_per_batch", median(rounds, round -> timeNanos(batches, i -> {
            HostBatch b = assembler.assemble(plan.batch(i % plan.steps()), Augmentation.CIFAR, Seeds.stream(round, "host", i));
            return b.images().length;
        }) / batches / 1e6));
        try (NDManager manager = NDManager.newBaseManager()) {
            r.put("to_tensor_ms_per_batch", median(rounds, round -> {
                HostBatch b = assembler.assemble(plan.batch(0), Augmentation.CIFAR, Seeds.stream(round, "host", 0));
                return timeNanos(batches, i -> {
                    try (NDManager step = manager.newSubManager()) {
                        return b.imagesOn(step).getShape().size();
                    }
                }) / batches / 1e6;
            }));
            NDArray a = manager.zeros(new ai.djl.ndarray.types.Shape(1));
            NDArray one = manager.ones(new ai.djl.ndarray.types.Shape(1));
            r.put("inplace_add_us_per_op", median(rounds, round -> timeNanos(ops, i -> {
                a.addi(one);
                return 0;
            }) / ops / 1e3));
            r.put("scalar_mul_us_per_op", median(rounds, round -> timeNanos(ops, i -> {
                a.muli(1.0f);
                return 0;
            }) / ops / 1e3));
            r.put("new_array_add_us_per_op", median(rounds, round -> {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = a.toDevice(a.getDevice(), true);
                    x.attach(step);
                    return timeNanos(ops, i -> {
                        x.add(one).close();
                        return 0;
                    }) / ops / 1e3;
                }
            }));
        }
        r.put("rounds", rounds);
        BenchRecord.printLine(r);
        return 0;
    }

    private static long sink;

    private static double timeNanos(int n, IntToLongFunction body) {
        long start = System.nanoTime();
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc += body.applyAsLong(i);
        }
        sink += acc;
        return System.nanoTime() - start;
    }

    private static double median(int rounds, java.util.function.IntToDoubleFunction round) {
        round.applyAsDouble(-1); // warm-up
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            values.add(round.applyAsDouble(i));
        }
        Collections.sort(values);
        return Math.round(values.get(values.size() / 2) * 1000) / 1000.0;
    }
}
