package dev.mesa.workflows;

import dev.mesa.workflows.activity.TriggerSpec;

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

    private WorkflowIds() {}

    public static String defense(String defenseId) {
        return "defense/" + defenseId;
    }

    public static String sweep(String sweepId) {
        return "sweep/" + sweepId;
    }

    public static String triggerExperiment(String sweepId, TriggerSpec trigger) {
        return sweepId + "/trigger-" + trigger.label();
    }

    public static String triggerDefense(String sweepId, TriggerSpec trigger) {
        return triggerExperiment(sweepId, trigger) + "/defense";
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
