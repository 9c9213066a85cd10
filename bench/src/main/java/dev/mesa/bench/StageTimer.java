package dev.mesa.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time per named stage of a benchmark (stages skipped because their output existed record 0). */
final class StageTimer {
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    <T> T time(String stage, Supplier<T> work) {
        long t = System.nanoTime();
        T result = work.get();
        seconds.merge(stage, (System.nanoTime() - t) / 1e9, Double::sum);
        return result;
    }

    Map<String, Double> seconds() {
        Map<String, Double> rounded = new LinkedHashMap<>();
        seconds.forEach((k, v) -> rounded.put(k, Math.round(v * 10) / 10.0));
        return rounded;
    }
}
