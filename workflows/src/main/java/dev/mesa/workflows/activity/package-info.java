/**
 * Activity contracts: the {@code @ActivityInterface}s the workflows call ({@link dev.mesa.workflows.activity.ModelActivities},
 * {@link dev.mesa.workflows.activity.DefenseActivities}), one request record in and one result record out per
 * activity, the shared value records (dataset, trigger, hyper-parameter settings with the paper's defaults and
 * {@code validate()}), and the non-retryable {@link dev.mesa.workflows.activity.FailureTypes}.
 *
 * <p>Payloads carry ids, relative artifact keys, paths and scalars, never tensors. Every record is a plain Java
 * record serialised by Temporal's default Jackson converter (canonical constructors only, no getter-named
 * helpers). Every record ignores unknown JSON fields, so payloads survive version skew between a workflow worker and
 * an activity worker. The settings records that users write (dataset, trigger, classifier, attack, MESA, retraining)
 * also keep those fields ({@link dev.mesa.workflows.input.CapturesUnknownFields}), so that the workflows' input gate
 * and {@code mesa run} can refuse a misspelt key instead of running with the default. The implementations live in
 * the {@code activities} module.
 */
package dev.mesa.workflows.activity;
