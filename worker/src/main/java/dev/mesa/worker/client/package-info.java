/**
 * Client side of the CLI: reading workflow inputs from JSON files and checking them as the workflows will
 * ({@link dev.mesa.worker.client.Submission}, with the data described locally when readable here),
 * starting or re-attaching to executions by their input-derived ids ({@link dev.mesa.worker.client.WorkflowRuns}),
 * following them with a progress bar ({@link dev.mesa.worker.client.ProgressFollower}) and printing results
 * ({@link dev.mesa.worker.client.ResultTables}); the demo's input ({@link dev.mesa.worker.client.DemoPlan}).
 */
package dev.mesa.worker.client;
