/**
 * Implementations of the workflows' activity contracts over the core services:
 * {@link dev.mesa.activities.ModelActivitiesImpl} and {@link dev.mesa.activities.DefenseActivitiesImpl} are thin
 * facades; each activity is one small class ({@code ClassifierTraining}, {@code BackdoorInjection},
 * {@code InputDescribing}, {@code GeneratorTraining}, {@code TargetDetection}, {@code TriggerReversal}, {@code BackdoorRemoval},
 * {@code ModelEvaluation}, {@code ReportWriting}) that unpacks the request (defaults applied, validated), answers
 * from the artifact store when the same request already completed, otherwise loads what it needs, calls one core
 * service with a heartbeating {@code TrainingSession}, writes its outputs and the manifest last.
 * {@link dev.mesa.activities.FailureTranslator} maps errors to Temporal failures;
 * {@link dev.mesa.activities.ActivityResources} is what the worker provides (store, datasets, device, metrics,
 * cadence).
 */
package dev.mesa.activities;
