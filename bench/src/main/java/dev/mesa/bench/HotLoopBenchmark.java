package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.ImageDataset;
import dev.mesa.data.ImageShape;
import dev.mesa.data.Normalization;
import dev.mesa.distribution.GeneratorTrainer;
import dev.mesa.distribution.GeneratorTriggerSource;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.DeviceSpec;
import dev.mesa.model.ExportSidecar;
import dev.mesa.model.ModelExporter;
import dev.mesa.model.TorchScriptContract;
import dev.mesa.model.TorchScriptImporter;
import dev.mesa.random.Seeds;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.GradMode;
import dev.mesa.training.StampingTransform;
import dev.mesa.training.TrainingTask;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerStamper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Times one hot loop the way the plain-PyTorch reference {@code mesa_step_torch.py} does (synthetic images, random
 * weights: timings only) and prints one JSON line: the MESA step, the retraining step, the attack (poisoned
 * training) step, or batched evaluation. {@code bench/hotloops.py} runs it interleaved with that script
 * (docs/PERFORMANCE.md).
 */
@Command(name = "HotLoopBenchmark", mixinStandardHelpOptions = true)
public final class HotLoopBenchmark implements Callable<Integer> {
    @Option(names = "--model") String model = "compact";
    @Option(names = "--mode", description = "mesa | retrain | attack | eval | classifier") String mode = "mesa";
    @Option(names = "--steps") int steps = 20;
    @Option(names = "--warmup") int warmup = 3;
    @Option(names = "--batch") int batch = 128;
    @Option(names = "--pool") int pool = 1024;
    @Option(names = "--profile", description = "write PyTorch's profiler trace (chrome JSON) of the timed steps here")
    Path profile;
    @Option(names = "--profile-shapes", description = "with --profile: record every operation's input shapes too,"
            + " to tell which layer an operation's time belongs to") boolean profileShapes;
    @Option(names = "--device", description = DeviceSpec.FORMS + "; default cpu: where the networks and batches live"
            + " (a GPU needs libtorch's CUDA build, docs/DEPLOYMENT.md)") String device = "cpu";
    @Option(names = "--sync-every", description = "read the loss to the host every N steps") int syncEvery = 10;
    @Option(names = "--torchscript", description = "run the classifier from this TorchScript file (the --model"
            + " architecture saved by bench/torchscript_cost.py) instead of mesa's own network")
    Path torchScript;
    @Option(names = "--export-state-dict", description = "write mesa's network with the weights every timing run"
            + " uses to this directory (<model>.safetensors, .json, mesa_architectures.py, probe logits) and exit")
    Path exportDirectory;
    private double cpuSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HotLoopBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        GradMode.disableOnThisThread();
        ImageDataset images = syntheticPool(pool);
        Normalization norm = Normalization.of(images);
        String architecture = model.equals("resnet18") ? ClassifierSpec.RESNET18 : ClassifierSpec.COMPACT;
        ClassifierSpec spec = ClassifierSpec.of(architecture, 10, ImageShape.CIFAR);
        List<Double> stepMillis = new ArrayList<>();
        double seconds;
        try (Classifier classifier = classifier(spec, norm, images);
             TriggerGeneratorModel generator = TriggerGeneratorModel.create(
                     MesaConfig.paper().toBuilder().batchSize(batch).build(), 3, 3, 3, 2,
                     device())) {
            if (exportDirectory != null) {
                exportStateDict(classifier);
                return 0;
            }
            if (mode.equals("eval")) {
                seconds = timeEvaluation(classifier, images, stepMillis);
            } else if (mode.equals("classifier")) {
                seconds = timeFrozenClassifier(classifier, images, stepMillis);
            } else {
                TrainingTask task = task(classifier, generator, images, norm);
                seconds = timeSteps(task, classifier.manager(), stepMillis);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("framework", "mesa-djl");
        r.put("model", model);
        r.put("network", torchScript == null ? "mesa" : "torchscript:" + torchScript.getFileName());
        r.put("mode", mode);
        r.put("batch", batch);
        r.put("threads", Integer.getInteger("ai.djl.pytorch.num_threads", -1));
        r.put("device", device);
        r.put("steps", steps);
        r.put("seconds", seconds);
        r.put("images_per_s", steps * batch / seconds);
        if (cpuSeconds > 0) {
            // CPU time of this process over the timed steps: steadier than wall time on a shared machine
            r.put("cpu_seconds", cpuSeconds);
            r.put("images_per_cpu_s", steps * batch / cpuSeconds);
        }
        stepMillis.sort(Double::compare);
        r.put("ms_per_step_median", stepMillis.get(stepMillis.size() / 2));
        r.put("rss_mb", MachineInfo.rssMiB());
        r.put("ld_preload", System.getenv().getOrDefault("LD_PRELOAD", ""));
        BenchRecord.printLine(r);
        return 0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private Classifier classifier(ClassifierSpec spec, Normalization norm, ImageDataset images) {
        if (torchScript != null) {
            return TorchScriptImporter.load(torchScript, new TorchScriptContract(ImageShape.CIFAR.height(), norm,
                    images.classNames()), device());
        }
        return Classifier.create(spec, norm, images.classNames(), 1, device());
    }

    private Device device() {
        try {
            return DeviceSpec.parse(device).djl();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--device: " + e.getMessage());
        }
    }

    /** The state dict, its sidecar, the Python loader and the eval-mode logits of 4 probe images. */
    private void exportStateDict(Classifier classifier) {
        Path weights = exportDirectory.resolve(model + ".safetensors");
        ModelExporter.export(classifier, weights);
        ModelExporter.writeSidecar(exportDirectory.resolve(model + ".json"), ExportSidecar.of(classifier,
                "hot-loop weights (seed 1)", Map.of(), Map.of()));
        ModelExporter.writePythonLoader(exportDirectory);
        try (NDManager m = classifier.manager().newSubManager()) {
            NDArray logits = classifier.logits(ProbeBatch.of(m, 4, ImageShape.CIFAR), false);
            ProbeBatch.writeLogits(exportDirectory.resolve(model + ".logits.json"), logits);
        }
        System.out.println("wrote " + weights);
    }

    private TrainingTask task(Classifier classifier, TriggerGeneratorModel generator, ImageDataset images, Normalization norm) {
        return switch (mode) {
            case "mesa" -> new GeneratorTrainer(generator, classifier, images, 0, 0.8, 3);
            case "retrain" -> new ClassifierTrainer("retrain", classifier, images, ClassifierTrainingConfig.paperFineTuning(4),
                    new StampingTransform(new GeneratorTriggerSource(generator, "g", 0), new TriggerStamper(norm), 0.01,
                            OptionalInt.empty(), StampingRule.PER_SAMPLE), "retrain");
            case "attack" -> new ClassifierTrainer("attack", classifier, images, ClassifierTrainingConfig.paperFineTuning(4),
                    new StampingTransform(new FixedTriggerSource(TriggerPattern.blackWhite(170, 3, 3)), new TriggerStamper(norm),
                            0.01, OptionalInt.of(0), StampingRule.PER_SAMPLE), "attack");
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown mode " + mode);
        };
    }

    private double timeSteps(TrainingTask task, NDManager root, List<Double> stepMillis) {
        int perEpoch = task.stepsPerEpoch();
        List<NDArray> pending = new ArrayList<>();
        long start = 0;
        long cpuStart = 0;
        try (NDManager window = root.newSubManager()) {
            for (int s = 0; s < warmup + steps; s++) {
                if (s == warmup) {
                    start = System.nanoTime();
                    cpuStart = processCpuNanos();
                    if (profile != null) {
                        JniUtils.startProfile(false, profileShapes, false);
                    }
                }
                long t0 = System.nanoTime();
                try (NDManager step = root.newSubManager()) {
                    NDArray loss = task.step(step, s / perEpoch, s % perEpoch, s).stopGradient();
                    loss.attach(window);
                    pending.add(loss);
                }
                if ((s + 1) % syncEvery == 0 || s == warmup + steps - 1) {
                    for (NDArray l : pending) {
                        l.toFloatArray();
                    }
                    pending.clear();
                }
                if (s >= warmup) {
                    stepMillis.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        if (profile != null) {
            JniUtils.stopProfile(profile.toString());
        }
        return seconds;
    }

    /**
     * The part of the MESA step that the classifier costs: forward in inference mode and backward to the
     * input only (weights frozen), nothing else. Compared with the full MESA step it shows the overhead of
     * everything around the classifier (generator, MINE, stamping, optimizers, batch assembly).
     */
    private double timeFrozenClassifier(Classifier classifier, ImageDataset images, List<Double> stepMillis) {
        classifier.freeze(true);
        BatchAssembler assembler = new BatchAssembler(images, classifier.normalization());
        int[] indices = java.util.stream.IntStream.range(0, batch).toArray();
        long start = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                start = System.nanoTime();
            }
            long t0 = System.nanoTime();
            try (NDManager step = classifier.manager().newSubManager()) {
                NDArray x = assembler.assemble(indices, Augmentation.NONE, null).imagesOn(step);
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray f = classifier.inferenceLogits(x).softmax(1).get(new NDIndex(":, 0")).mean();
                    collector.backward(f);
                }
                x.getGradient().sum().toFloatArray();
            }
            if (s >= warmup) {
                stepMillis.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private double timeEvaluation(Classifier classifier, ImageDataset images, List<Double> stepMillis) {
        ClassifierEvaluator evaluator = new ClassifierEvaluator(batch);
        evaluator.accuracy(classifier, images);
        long start = System.nanoTime();
        int passes = Math.max(1, steps * batch / images.size());
        for (int i = 0; i < passes; i++) {
            long t0 = System.nanoTime();
            evaluator.accuracy(classifier, images);
            stepMillis.add((System.nanoTime() - t0) / 1e6 * batch / images.size());
        }
        steps = passes * images.size() / batch;
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code pool} random CIFAR-shaped images with random labels over 10 classes (timings only). */
    static ImageDataset syntheticPool(int pool) {
        SplittableRandom r = Seeds.stream(0, "hot-loop-pool");
        byte[] pixels = new byte[pool * ImageShape.CIFAR.values()];
        int[] labels = new int[pool];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        for (int i = 0; i < pool; i++) {
            labels[i] = r.nextInt(10);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add("c" + c);
        }
        return new ImageDataset("synthetic-pool", ImageShape.CIFAR, pixels, labels, names);
    }
}
