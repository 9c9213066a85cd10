/**
 * The defence of the paper's Section 3.3 (docs/ALGORITHM.md, "Defence"): target-class detection from per-class sub-models, backdoor removal by
 * retraining with sampled triggers, the single-reversed-trigger baseline, and defence metrics (DER).
 */
package dev.mesa.defense;
