package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.DatasetLoader;
import dev.mesa.data.DatasetSource;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.data.ImageDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.random.Seeds;
import dev.mesa.training.GradMode;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerStamper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * What mesa's {@code evaluate} activity measures on a test-only image folder, written out for another framework to
 * measure the same: the evaluation split ({@link DefenseSplit#paper}: the last 20% of the seeded permutation of the
 * test images, as files and labels), and for the ASR the non-target images in the order mesa stamps them with the
 * row and column of the trigger in each (per batch {@code b} of {@code --batch} images, {@link StampPlan#all} drawn
 * from {@code Seeds.stream(seed, "evaluation-stamp", b)}, as {@link ClassifierEvaluator} does). With
 * {@code --check-model} it proves the plan is mesa's: replaying it on that model in Java gives exactly the ASR
 * {@link ClassifierEvaluator} measures. {@code --pixels} also writes the evaluation images as mesa decoded them
 * (uint8, N×3×H×W), so decoder differences can be told apart from model differences.
 */
@Command(name = "EvaluationPlan", mixinStandardHelpOptions = true)
public final class EvaluationPlan implements Callable<Integer> {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".pgm", ".pnm");

    @Option(names = "--data", required = true, description = "test-only image folder (<root>/<class>/*)") Path data;
    @Option(names = "--image-size", defaultValue = "32") int imageSize;
    @Option(names = "--split-seed", defaultValue = "0", description = "the dataset spec's splitSeed") long splitSeed;
    @Option(names = "--seed", required = true, description = "the evaluate request's seed (its manifest's request.seed)")
    long seed;
    @Option(names = "--trigger", defaultValue = "170", description = "black-white pattern id (3x3)") int trigger;
    @Option(names = "--target", defaultValue = "0") int target;
    @Option(names = "--batch", defaultValue = "256", description = "the worker's evaluation batch size") int batch;
    @Option(names = "--check-model", description = "a .mesa-model to check the plan on") Path checkModel;
    @Option(names = "--pixels", description = "also write the evaluation images as raw uint8 here") Path pixels;
    @Option(names = "--cache", defaultValue = "${sys:java.io.tmpdir}/mesa-bench-cache") Path cache;
    @Option(names = "--out", required = true) Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluationPlan()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        GradMode.disableOnThisThread();
        DatasetSplits splits = DatasetLoader.offline(cache).load(DatasetSource.imageFolder(data.toString()), imageSize);
        ImageDataset test = splits.test();
        int[] perm = Seeds.permutation(test.size(), Seeds.stream(splitSeed, "defence-split"));
        int[] evaluationIndices = Arrays.copyOfRange(perm, DefenseSplit.paper(test, splitSeed).defense().size(), perm.length);
        ImageDataset evaluation = DefenseSplit.paper(test, splitSeed).evaluation();
        List<String> files = files(data);
        if (files.size() != test.size()) {
            throw new IllegalStateException(files.size() + " files listed but mesa read " + test.size() + " images");
        }
        requireSameImages(test, evaluationIndices, evaluation);

        TriggerPattern pattern = TriggerPattern.blackWhite(trigger, 3, 3);
        int[] stamped = evaluation.indicesExcludingClass(target);
        int[] rows = new int[stamped.length];
        int[] cols = new int[stamped.length];
        for (int from = 0, b = 0; from < stamped.length; from += batch, b++) {
            int n = Math.min(batch, stamped.length - from);
            StampPlan plan = StampPlan.all(StampingRule.PER_SAMPLE, n, imageSize, imageSize, pattern.height(),
                    pattern.width(), Seeds.stream(seed, "evaluation-stamp", b));
            System.arraycopy(plan.rows(), 0, rows, from, n);
            System.arraycopy(plan.columns(), 0, cols, from, n);
        }

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("machine", MachineInfo.describe());
        record.put("data", data.toString());
        record.put("imageSize", imageSize);
        record.put("splitSeed", splitSeed);
        record.put("evaluationSeed", seed);
        record.put("batch", batch);
        record.put("files", Arrays.stream(evaluationIndices).mapToObj(files::get).toList());
        record.put("labels", Arrays.stream(evaluationIndices).map(test::label).toArray());
        record.put("asr", Map.of("trigger", pattern.name(), "target", target, "images", stamped, "rows", rows,
                "columns", cols));
        if (checkModel != null) {
            record.put("check", check(evaluation, pattern, stamped, rows, cols));
        }
        if (pixels != null) {
            byte[] raw = new byte[evaluation.size() * evaluation.shape().values()];
            for (int i = 0; i < evaluation.size(); i++) {
                evaluation.copyImage(i, raw, i * evaluation.shape().values());
            }
            Files.write(pixels, raw);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), record);
        System.out.println("wrote " + out + ": " + evaluation.size() + " evaluation images, " + stamped.length + " stamped"
                + (checkModel != null ? "; check " + record.get("check") : ""));
        return 0;
    }

    /** ClassifierEvaluator's ASR against this plan replayed: they must agree exactly. */
    private Map<String, Object> check(ImageDataset evaluation, TriggerPattern pattern, int[] stamped, int[] rows,
                                      int[] cols) {
        try (Classifier c = ModelFile.load(checkModel, Device.cpu())) {
            ClassifierEvaluator evaluator = new ClassifierEvaluator(batch);
            double measured = evaluator.attackSuccessRate(c, evaluation, new FixedTriggerSource(pattern), target,
                    StampingRule.PER_SAMPLE, seed).attackSuccessRate();
            BatchAssembler assembler = new BatchAssembler(evaluation, c.normalization());
            TriggerStamper stamper = new TriggerStamper(c.normalization());
            int hits = 0;
            for (int from = 0; from < stamped.length; from += batch) {
                int n = Math.min(batch, stamped.length - from);
                try (NDManager step = c.manager().newSubManager()) {
                    NDArray images = assembler.assemble(Arrays.copyOfRange(stamped, from, from + n), Augmentation.NONE,
                            null).imagesOn(step);
                    boolean[] all = new boolean[n];
                    Arrays.fill(all, true);
                    StampPlan plan = new StampPlan(imageSize, imageSize, pattern.height(), pattern.width(),
                            Arrays.copyOfRange(rows, from, from + n), Arrays.copyOfRange(cols, from, from + n), all);
                    long[] predicted = c.logits(stamper.stamp(images, pattern.toNDArray(step), plan), false)
                            .argMax(1).toLongArray();
                    hits += (int) Arrays.stream(predicted).filter(p -> p == target).count();
                }
            }
            double replayed = (double) hits / stamped.length;
            if (Math.abs(replayed - measured) > 1.0 / stamped.length) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the plan is not mesa's: replayed ASR %.4f,"
                        + " mesa's evaluator %.4f", replayed, measured));
            }
            return Map.of("model", checkModel.toString(), "evaluatorAsr", measured, "replayedAsr", replayed);
        }
    }

    private static void requireSameImages(ImageDataset test, int[] indices, ImageDataset evaluation) {
        int values = test.shape().values();
        byte[] a = new byte[values];
        byte[] b = new byte[values];
        for (int i = 0; i < indices.length; i++) {
            test.copyImage(indices[i], a, 0);
            evaluation.copyImage(i, b, 0);
            if (!Arrays.equals(a, b) || test.label(indices[i]) != evaluation.label(i)) {
                throw new IllegalStateException("evaluation image " + i + " is not test image " + indices[i]);
            }
        }
    }

    /** The folder's images relative to it, in mesa's order: class folders by name, then files by name. */
    private static List<String> files(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> classes = Files.list(root)) {
            for (Path dir : classes.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> images = Files.list(dir)) {
                    images.filter(p -> Files.isRegularFile(p) && EXTENSIONS.stream()
                                    .anyMatch(p.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
                            .sorted().forEach(p -> out.add(root.relativize(p).toString()));
                }
            }
        }
        return out;
    }
}
