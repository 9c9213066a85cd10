package dev.mesa.bench;

import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Logs training progress and keeps the throughput samples of a run. */
final class ProgressLog implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger("progress");
    final List<Double> imagesPerSecond = new ArrayList<>();
    private final int logEvery;
    private long lastLogged = -1;

    ProgressLog(int logEvery) {
        this.logEvery = logEvery;
    }

    @Override
    public void onProgress(TrainingProgress p) {
        imagesPerSecond.add(p.imagesPerSecond());
        if (lastLogged < 0 || p.globalStep() - lastLogged >= logEvery || p.globalStep() == p.totalSteps()) {
            LOG.info("{} step {}/{} epoch {} {} {} img/s", p.loop(), p.globalStep(), p.totalSteps(), p.epoch(),
                    p.meanLosses(), Math.round(p.imagesPerSecond()));
            lastLogged = p.globalStep();
        }
    }

    double medianImagesPerSecond() {
        if (imagesPerSecond.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(imagesPerSecond);
        s.sort(Double::compare);
        return s.get(s.size() / 2);
    }
}
