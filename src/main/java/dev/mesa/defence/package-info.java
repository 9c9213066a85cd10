/**
 * The defence of MESA.md Section 3.3: target-class detection from per-class sub-models, backdoor removal by
 * retraining with sampled triggers, the single-reversed-trigger baseline, and defence metrics (DER).
 */
package dev.mesa.defence;
