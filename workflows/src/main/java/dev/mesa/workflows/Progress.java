package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * What a progress query returns.
 *
 * @param stage         the step the workflow is in ({@code detection}, {@code staircase}, {@code triggers} ...)
 * @param done          units finished (including failed and carried-over ones)
 * @param total         units planned so far (later stages add theirs when they start)
 * @param running       units in flight
 * @param units         status per unit, in plan order: {@code pending}, {@code running}, {@code done},
 *                      {@code failed} or {@code cancelled} (a sweep's units are its triggers)
 * @param elapsedMillis workflow time since this run started
 * @param etaMillis     estimated time to finish the planned units: mean duration of finished units of the same
 *                      kind (of any kind when none), minus the time already spent on running ones, spread over the
 *                      allowed parallelism; null until a unit has finished
 * @param stageMillis   workflow time spent in each stage, in the order the stages began (the current one so far)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Progress(String stage, int done, int total, int running, Map<String, String> units,
                       long elapsedMillis, Long etaMillis, Map<String, Long> stageMillis) {
    public Progress {
        stageMillis = stageMillis != null ? java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageMillis))
                : Map.of();
    }

    public Progress(String stage, int done, int total, int running, Map<String, String> units, long elapsedMillis,
                    Long etaMillis) {
        this(stage, done, total, running, units, elapsedMillis, etaMillis, null);
    }
}
