package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * The trigger-distribution figure of a report (the paper's Figures 3 and 5): samples of every generator, with the
 * original and the reversed triggers marked, embedded by PCA and t-SNE.
 *
 * @param generatorKeys       the generators to sample (one group per generator, named by class and β)
 * @param originalTrigger     the attack's trigger when known, else null
 * @param reversedTriggerKeys stored reversed triggers (the baseline's), possibly empty
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportFigure(List<String> generatorKeys, TriggerSpec originalTrigger, List<String> reversedTriggerKeys) {}
