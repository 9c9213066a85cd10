package dev.mesa.bench;

import dev.mesa.data.DefenseSplit;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two numbers every benchmark reports for a model: clean accuracy and the original trigger's ASR
 * (per-image random locations) on the 2,000-image evaluation split.
 */
final class SplitScore {
    private static final ClassifierEvaluator EVALUATOR = new ClassifierEvaluator(500);

    private SplitScore() {}

    /** {@code cleanAccuracy} and {@code asr}, in a map that callers may extend. */
    static Map<String, Object> of(Classifier classifier, DefenseSplit split, TriggerPattern original, int target,
                                  long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cleanAccuracy", EVALUATOR.accuracy(classifier, split.evaluation()).accuracy());
        m.put("asr", EVALUATOR.attackSuccessRate(classifier, split.evaluation(), new FixedTriggerSource(original), target,
                StampingRule.PER_SAMPLE, seed).attackSuccessRate());
        return m;
    }
}
