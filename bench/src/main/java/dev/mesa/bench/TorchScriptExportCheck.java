package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.ImageShape;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelExporter;
import dev.mesa.model.TorchScriptContract;
import dev.mesa.model.TorchScriptImporter;
import dev.mesa.training.BatchTransform;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.GradMode;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The Java half of bench/torchscript_cost.py's export check: imports a TorchScript classifier of 32x32
 * images, retrains it for one epoch on synthetic images (parameters and BatchNorm statistics change),
 * exports it as TorchScript and writes mesa's eval-mode logits of the probe batch beside it; the Python
 * half loads the export with torch.jit.load and compares.
 */
@Command(name = "TorchScriptExportCheck", mixinStandardHelpOptions = true)
public final class TorchScriptExportCheck implements Callable<Integer> {
    @Option(names = "--model", required = true) Path model;
    @Option(names = "--out", required = true, description = "the exported TorchScript file") Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TorchScriptExportCheck()).execute(args));
    }

    @Override
    public Integer call() {
        GradMode.disableOnThisThread();
        DatasetSplits data = SyntheticDataset.generate(new SyntheticDataset.Spec(10, 26, 1, 32, 4));
        TorchScriptContract contract = new TorchScriptContract(32, data.normalization(), data.train().classNames());
        try (Classifier c = TorchScriptImporter.load(model, contract, Device.cpu())) {
            TorchScriptImporter.requireFits(c, data.train());
            new ClassifierTrainer("export-check", c, data.train(), ClassifierTrainingConfig.fineTuning(1, 0.01, 2)
                    .withLoop(new LoopSettings(1, 64, true, 100, 100)), BatchTransform.NONE, "none")
                    .train(null, TrainingListener.NONE);
            ModelExporter.export(c, out);
            try (NDManager m = c.manager().newSubManager()) {
                ProbeBatch.writeLogits(Path.of(out + ".logits.json"), c.logits(ProbeBatch.of(m, 4, ImageShape.CIFAR), false));
            }
            System.out.println("exported " + out + " (training mode changes the network: " + c.hasTrainingMode() + ")");
        }
        return 0;
    }
}
