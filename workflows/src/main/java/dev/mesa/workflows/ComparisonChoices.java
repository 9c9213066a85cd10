package dev.mesa.workflows;

import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TriggerSource;

import java.util.HashSet;
import java.util.List;

/** Checks of the inputs that add methods to compare: baseline protocols and extra ensembles. */
final class ComparisonChoices {
    private ComparisonChoices() {}

    /** {@code protocols}: null (mesa's only) or a non-empty list of distinct protocol names. */
    static void checkBaselines(List<String> protocols) {
        if (protocols == null) {
            return;
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("baselineProtocols must name at least one of "
                    + ReverseTriggerRequest.PROTOCOLS + " (leave it out for mesa's; baselineRounds 0 runs none)");
        }
        checkNames("baselineProtocols", protocols, ReverseTriggerRequest.PROTOCOLS);
    }

    /** {@code mixings}: null or a list of distinct ensemble mixings. */
    static void checkEnsembles(List<String> mixings) {
        if (mixings != null) {
            checkNames("extraEnsembles", mixings, TriggerSource.ENSEMBLE_MIXINGS);
        }
    }

    private static void checkNames(String field, List<String> given, List<String> allowed) {
        for (String name : given) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(field + " must contain only " + allowed + ", got " + name);
            }
        }
        if (new HashSet<>(given).size() != given.size()) {
            throw new IllegalArgumentException(field + " must not repeat a name, got " + given);
        }
    }
}
