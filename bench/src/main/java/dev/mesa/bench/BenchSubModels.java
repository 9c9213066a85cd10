package dev.mesa.bench;

import dev.mesa.data.DefenseSplit;
import dev.mesa.data.EpochPlan;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorMetadata;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.SubModelEvaluator;
import dev.mesa.distribution.SubModelReport;
import dev.mesa.distribution.SubModelTrainer;
import dev.mesa.model.Classifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The defence benchmark's sub-models in its work directory: {@code generator-c<class>-b<β>-e<budget>.mesa-generator}
 * with its checkpoint beside it. The file holds the latest state trained (a scan's, until its continuation), so a
 * stored file is reused when it is at the step wanted (or its trace has a point there) and measured the epochs
 * asked for; otherwise the run trains, resuming from the checkpoint. Seeds: {@code seed + 1000·class + 100·β}.
 * Sub-models are measured as the paper measures them, also on the evaluation split; a file measured before that
 * (without evaluation-split figures) is refused rather than mixed in.
 */
final class BenchSubModels {
    private static final Logger LOG = LoggerFactory.getLogger(BenchSubModels.class);
    private final DefenseSplit split;
    private final long seed;
    private final Path dir;

    BenchSubModels(DefenseSplit split, long seed, Path dir) {
        this.split = split;
        this.seed = seed;
        this.dir = dir;
    }

    static Path file(Path dir, int cls, double beta, int epochs) {
        return dir.resolve("generator-c" + cls + "-b" + beta + "-e" + epochs + ".mesa-generator");
    }

    Path file(int cls, double beta, int epochs) {
        return file(dir, cls, beta, epochs);
    }

    SubModelTrainer.Result train(Classifier model, int cls, double beta, MesaConfig config, SubModelTrainer.Plan plan) {
        int spe = EpochPlan.stepsPerEpoch(split.defense().size(), config.batchSize(), true);
        int stop = Math.min(plan.pauseAfterEpochs(), config.epochs());
        long wanted = (long) stop * spe;
        Path file = file(cls, beta, config.epochs());
        if (Files.exists(file)) {
            GeneratorMetadata meta = GeneratorFile.metadata(file);
            if (meta.report().heldOutTestingFunction() == null) {
                throw new IllegalStateException(file + " was measured before the skip rule dropped the search noise"
                        + " (no evaluation-split figures): use a fresh --work directory");
            }
            List<SubModelReport> trace = meta.trace() != null ? meta.trace() : List.of(meta.report());
            SubModelReport at = trace.stream().filter(p -> p.steps() == wanted).findFirst().orElse(null);
            boolean covered = plan.tracedEpochs().stream().filter(e -> e <= stop)
                    .allMatch(e -> trace.stream().anyMatch(p -> p.steps() == (long) e * spe));
            if (at != null && covered) {
                return new SubModelTrainer.Result(at, trace.stream().filter(p -> p.steps() <= wanted).toList(),
                        wanted >= (long) config.epochs() * spe, spe);
            }
        }
        ProgressLog log = new ProgressLog(200);
        SubModelTrainer.Result result = SubModelTrainer.defaults(SubModelEvaluator.Measurement.paper(split.evaluation()))
                .train(model, split.defense(), cls, beta, 3, config,
                seed + 1000L * cls + Math.round(beta * 100), new SubModelTrainer.Paths(
                        dir.resolve(file.getFileName() + ".ckpt"), file), plan, log);
        if (result.report().steps() != wanted) {
            throw new IllegalStateException(file + ": its checkpoint is at step " + result.report().steps()
                    + " without a measurement at step " + wanted + " (a run from before traces, or of another plan):"
                    + " use a fresh --work directory");
        }
        LOG.info("sub-model {} img/s median {}", result.report(), Math.round(log.medianImagesPerSecond()));
        return result;
    }
}
