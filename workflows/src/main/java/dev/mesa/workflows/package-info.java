/**
 * Temporal workflows of mesa and what they share.
 *
 * <ul>
 *   <li>{@link dev.mesa.workflows.DefenseWorkflow}: one model in; detection, MESA per β, retraining, evaluation,
 *       choice, report.</li>
 *   <li>{@link dev.mesa.workflows.SweepWorkflow}: the paper's experiment over a trigger set, one
 *       {@link dev.mesa.workflows.TriggerExperimentWorkflow} child per trigger.</li>
 *   <li>Their inputs and results (one record in, one record out), {@link dev.mesa.workflows.Progress} for the
 *       progress queries, and the rules every workflow follows: {@link dev.mesa.workflows.WorkflowIds},
 *       {@link dev.mesa.workflows.SeedRule}, {@link dev.mesa.workflows.TaskQueues},
 *       {@link dev.mesa.workflows.ActivityOptionsCatalog}.</li>
 *   <li>The input gate every workflow starts with: unknown fields refused, defaults filled, the class count taken
 *       from a worker's description of the data ({@link dev.mesa.workflows.DataDescribedInput}), all behind one
 *       {@code Workflow.getVersion} marker so older histories replay.</li>
 * </ul>
 * Workflow code here is deterministic: time, logging and concurrency only through {@code Workflow.*}, no I/O, no
 * static mutable state, every seed derived from the input's seed.
 */
package dev.mesa.workflows;
