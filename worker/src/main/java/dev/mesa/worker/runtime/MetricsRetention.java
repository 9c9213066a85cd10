package dev.mesa.worker.runtime;

import dev.mesa.activities.metrics.MetricNames;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a run's gauges (the sweep and ASR gauges, labelled {@code run}) stay on {@code /metrics} after the run's
 * last update: {@code MESA_METRICS_RETENTION}, as {@code 90s}, {@code 30m}, {@code 2h} or ISO-8601 ({@code PT1H});
 * default one hour.
 */
public final class MetricsRetention {
    public static final String ENV = "MESA_METRICS_RETENTION";
    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

    private MetricsRetention() {}

    public static Duration fromEnvironment() {
        return parse(System.getenv());
    }

    static Duration parse(Map<String, String> env) {
        String text = env.get(ENV);
        if (text == null || text.isBlank()) {
            return MetricNames.DEFAULT_RUN_RETENTION;
        }
        Matcher m = SHORT.matcher(text.strip());
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(ENV + "='" + text + "' is not a duration: use e.g. 90s, 30m, 2h or PT1H");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(ENV + " must be positive, got " + text);
        }
        return d;
    }
}
