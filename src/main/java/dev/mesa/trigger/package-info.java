/**
 * Triggers: patterns (the paper's 51 black-white and random colour ones), stamping plans and the
 * vectorised, differentiable stamping of triggers into image batches.
 */
package dev.mesa.trigger;
