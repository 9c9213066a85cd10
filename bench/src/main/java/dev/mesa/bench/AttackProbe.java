package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.data.HostBatch;
import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.training.GradMode;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerStamper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** Diagnostic: ASR of a trigger at each location of a grid (is the backdoor location-dependent?). */
@Command(name = "AttackProbe", mixinStandardHelpOptions = true)
public final class AttackProbe implements Callable<Integer> {
    @Mixin CifarOptions cifar;
    @Option(names = "--model", required = true) Path model;
    @Option(names = "--trigger") int trigger = 7;
    @Option(names = "--target") int target = 0;
    @Option(names = "--grid") int grid = 5;
    @Option(names = "--images") int images = 500;
    @Option(names = "--evaluation-split", description = "probe the 2,000-image evaluation split instead of the first"
            + " test images; needed for retrained models, which saw the other 8,000 test images")
    boolean evaluationSplit;
    @Option(names = "--seed", description = "seed of the defence/evaluation split, as in the benchmarks") long seed = 1;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AttackProbe()).execute(args));
    }

    @Override
    public Integer call() {
        GradMode.disableOnThisThread();
        DatasetSplits data = cifar.load();
        ImageDataset test = evaluationSplit ? DefenseSplit.paper(data.test(), seed).evaluation() : data.test();
        int[] idx = Arrays.stream(test.indicesExcludingClass(target)).limit(images).toArray();
        TriggerPattern t = TriggerPattern.blackWhite(trigger, 3, 3);
        try (Classifier c = ModelFile.load(model, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            BatchAssembler assembler = new BatchAssembler(test, c.normalization());
            TriggerStamper stamper = new TriggerStamper(c.normalization());
            HostBatch batch = assembler.assemble(idx, Augmentation.NONE, null);
            int max = test.shape().height() - 3;
            StringBuilder table = new StringBuilder("ASR by top-left (row, col) of the trigger\n");
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++) {
                    int r = Math.round((float) gy * max / (grid - 1));
                    int col = Math.round((float) gx * max / (grid - 1));
                    int[] rows = new int[idx.length];
                    int[] cols = new int[idx.length];
                    boolean[] all = new boolean[idx.length];
                    Arrays.fill(rows, r);
                    Arrays.fill(cols, col);
                    Arrays.fill(all, true);
                    StampPlan plan = new StampPlan(test.shape().height(), test.shape().width(), 3, 3, rows, cols, all);
                    try (NDManager step = m.newSubManager()) {
                        NDArray x = batch.imagesOn(step); // owns every intermediate of the forward pass
                        long[] pred = c.inferenceLogits(stamper.stamp(x, t.toNDArray(step), plan)).argMax(1).toLongArray();
                        long hits = Arrays.stream(pred).filter(p -> p == target).count();
                        table.append(String.format("%6.3f", (double) hits / pred.length));
                    }
                }
                table.append('\n');
            }
            System.out.println(table);
        }
        return 0;
    }
}
