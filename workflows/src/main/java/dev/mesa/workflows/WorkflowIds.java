package dev.mesa.workflows;

import dev.mesa.workflows.activity.TriggerSpec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Workflow ids, derived from the input so that a re-submission addresses the same execution:
 * <ul>
 *   <li>{@code defense/<defenseId>}: a {@link DefenseWorkflow} started by a user;</li>
 *   <li>{@code sweep/<sweepId>}: a {@link SweepWorkflow};</li>
 *   <li>{@code <sweepId>/trigger-<kind>-<id>}: the sweep's {@link TriggerExperimentWorkflow} child for one
 *       trigger, e.g. {@code paper/trigger-bw-170};</li>
 *   <li>{@code <sweepId>/trigger-<kind>-<id>/defense}: that child's {@link DefenseWorkflow} child.</li>
 * </ul>
 * User-chosen ids are path-like: segments of letters, digits, '.', '_' and '-' joined by '/', no empty or
 * dot-only segment, so they can name artifact directories without escaping the store.
 */
public final class WorkflowIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,7}");

    private static final String DEFENSE_PREFIX = "defense/";
    private static final String SWEEP_PREFIX = "sweep/";

    private WorkflowIds() {}

    public static String defense(String defenseId) {
        return DEFENSE_PREFIX + defenseId;
    }

    public static String sweep(String sweepId) {
        return SWEEP_PREFIX + sweepId;
    }

    /** The sweep id of a sweep's workflow id, {@code sweep/<sweepId>}; empty for any other id. */
    public static Optional<String> sweepIdOf(String workflowId) {
        return workflowId != null && workflowId.startsWith(SWEEP_PREFIX)
                ? Optional.of(workflowId.substring(SWEEP_PREFIX.length())) : Optional.empty();
    }

    public static String triggerExperiment(String sweepId, TriggerSpec trigger) {
        return triggerExperiment(sweepId, trigger.label());
    }

    /** The same from the trigger's label ({@link TriggerSpec#label()}: the unit name of a sweep's progress). */
    public static String triggerExperiment(String sweepId, String triggerLabel) {
        return sweepId + "/trigger-" + triggerLabel;
    }

    public static String triggerDefense(String sweepId, TriggerSpec trigger) {
        return experimentDefense(triggerExperiment(sweepId, trigger));
    }

    /** The defence child of the trigger experiment {@code experimentId}. */
    public static String experimentDefense(String experimentId) {
        return experimentId + "/defense";
    }

    /**
     * The ids a user may mean by {@code id} when asking for a report: the report id itself, then that of the defence
     * or of the sweep with that name.
     */
    public static List<String> reportCandidates(String id) {
        return List.of(id, defense(id), sweep(id));
    }

    /** Throws {@link IllegalArgumentException} naming {@code field} unless {@code id} is a valid path-like id. */
    public static String requireValid(String field, String id) {
        if (id == null || !ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException(field + " must be 1-100 characters of letters, digits, '.', '_' or '-' per"
                    + " '/'-separated segment, starting with a letter or digit, got '" + id + "'");
        }
        return id;
    }
}
