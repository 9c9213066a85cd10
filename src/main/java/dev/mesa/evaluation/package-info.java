/** Evaluation: clean accuracy, attack success rate (ASR) and per-class numbers, batched in inference mode. */
package dev.mesa.evaluation;
