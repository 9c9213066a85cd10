package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.data.ImageDataset;
import dev.mesa.data.ImageShape;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.defense.BackdoorRemover;
import dev.mesa.defense.RetrainConfig;
import dev.mesa.distribution.GeneratorTrainer;
import dev.mesa.distribution.GeneratorTriggerSource;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.ModelFile;
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.LoopSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How to use a few cores: {@code --units} training activities (retrainings or class searches, each with its own
 * networks and seed) run {@code --concurrent} at a time in this JVM, each on the torch thread count this JVM was
 * started with ({@code MESA_THREADS} for {@code bench/run}). Two 1-thread units side by side against one 2-thread
 * unit after the other is the worker's "slots" layout against its "threads" layout ({@code bench/layout.sh} runs
 * both, interleaved). Records per unit its wall time, images per second and a SHA-256 of its final weights (equal
 * digests across layouts mean bit-identical results), plus the total wall time, with machine and date. Synthetic
 * images and random weights by default (timings only); {@code --data cifar --model FILE} for real ones.
 */
@Command(name = "LayoutBenchmark", mixinStandardHelpOptions = true,
        description = "Training units side by side or one after another, on this JVM's torch threads.")
public final class LayoutBenchmark implements Callable<Integer> {
    @Mixin CifarOptions cifar;
    @Option(names = "--data", description = "synthetic (default) or cifar") String data = "synthetic";
    @Option(names = "--model", description = "with --data cifar: the model to retrain or search (a .mesa-model)") Path model;
    @Option(names = "--work", description = "retrain (default) or search") String work = "retrain";
    @Option(names = "--units", description = "training units in all (default: ${DEFAULT-VALUE})") int units = 2;
    @Option(names = "--concurrent", description = "units at a time (default: ${DEFAULT-VALUE})") int concurrent = 2;
    @Option(names = "--epochs", description = "epochs per unit over the defence images (default: ${DEFAULT-VALUE})")
    int epochs = 1;
    @Option(names = "--images", description = "synthetic defence images (default: ${DEFAULT-VALUE}, CIFAR's 8,000)")
    int images = 8000;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--append", description = "JSON file holding a list of runs, this one appended (created if absent)")
    Path append;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LayoutBenchmark()).execute(args));
    }

    private record Unit(int index, double seconds, double imagesPerSecond, String weightsSha256) {}

    @Override
    public Integer call() throws Exception {
        if (!List.of("retrain", "search").contains(work) || !List.of("synthetic", "cifar").contains(data)
                || (data.equals("cifar") && model == null) || concurrent < 1 || units < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --work retrain|search, --data"
                    + " synthetic|cifar (cifar needs --model), and --units, --concurrent >= 1");
        }
        ImageDataset defense = defenseImages();
        long start = System.nanoTime();
        List<Unit> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        try {
            List<Future<Unit>> futures = new ArrayList<>();
            for (int i = 0; i < units; i++) {
                final int index = i;
                futures.add(pool.submit(() -> run(index, defense)));
            }
            for (Future<Unit> f : futures) {
                done.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long imagesPerUnit = imagesPerUnit(defense);
        Map<String, Object> record = BenchRecord.start("layout", "LayoutBenchmark");
        record.put("work", work);
        record.put("data", data.equals("cifar") ? "cifar: " + model : "synthetic 32x32, random weights");
        record.put("torchThreads", JniUtils.getNumThreads());
        record.put("units", units);
        record.put("concurrent", concurrent);
        record.put("layout", concurrent > 1 ? concurrent + " units at a time, " + JniUtils.getNumThreads() + " thread(s) each"
                : "one unit at a time, " + JniUtils.getNumThreads() + " thread(s)");
        record.put("epochsPerUnit", epochs);
        record.put("imagesPerUnit", imagesPerUnit);
        record.put("wallSeconds", wall);
        record.put("imagesPerSecond", units * imagesPerUnit / wall);
        record.put("perUnit", done);
        System.out.println(JsonCodec.toText(record));
        if (append != null) {
            ArrayNode runs = Files.exists(append) ? (ArrayNode) JsonCodec.mapper().readTree(append.toFile())
                    : JsonCodec.mapper().createArrayNode();
            runs.add(JsonCodec.mapper().valueToTree(record));
            Files.writeString(append, JsonCodec.toText(runs));
        }
        return 0;
    }

    /** Images one unit processes: every image per epoch for retraining, whole batches of 128 for a search. */
    private long imagesPerUnit(ImageDataset images) {
        return work.equals("retrain") ? (long) epochs * images.size()
                : (long) epochs * dev.mesa.data.EpochPlan.stepsPerEpoch(images.size(), 128, true) * 128;
    }

    private ImageDataset defenseImages() {
        if (data.equals("cifar")) {
            return DefenseSplit.paper(cifar.load().test(), seed).defense();
        }
        int perClass = (images + 9) / 10;
        DatasetSplits synthetic = SyntheticDataset.generate(new SyntheticDataset.Spec(10, 1, perClass, 32, seed));
        return synthetic.test();
    }

    private Classifier classifier(ImageDataset images) {
        if (model != null) {
            return ModelFile.load(model, Device.cpu());
        }
        ClassifierSpec spec = ClassifierSpec.of(ClassifierSpec.COMPACT, 10, ImageShape.CIFAR);
        return Classifier.create(spec, dev.mesa.data.Normalization.of(images), images.classNames(), 1, Device.cpu());
    }

    private Unit run(int index, ImageDataset images) throws Exception {
        long unitSeed = seed + index;
        long t = System.nanoTime();
        byte[] weights;
        try (Classifier classifier = classifier(images);
             TriggerGeneratorModel generator = TriggerGeneratorModel.create(
                     MesaConfig.paper().toBuilder().epochs(epochs).build(), 3, 3, 3,
                     unitSeed, Device.cpu())) {
            LoopIntervals intervals = new LoopIntervals(20, 1_000_000);
            if (work.equals("retrain")) {
                RetrainConfig config = RetrainConfig.paper(unitSeed);
                config = new RetrainConfig(config.stampRatio(), config.training().withLoop(new LoopSettings(epochs,
                        config.training().loop().batchSize(), config.training().loop().dropLast(), 20, 1_000_000)));
                BackdoorRemover.retrain(classifier, images, new GeneratorTriggerSource(generator, "random", 0), config,
                        null, new ProgressLog(1_000_000));
                weights = TensorCodec.encodeParameters(classifier.block());
            } else {
                new GeneratorTrainer(generator, classifier, images, index % 10, 0.9, unitSeed).train(intervals, null,
                        new ProgressLog(1_000_000));
                weights = TensorCodec.encodeParameters(generator.generator());
            }
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        return new Unit(index, seconds, imagesPerUnit(images) / seconds,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights)));
    }
}
