/**
 * The running parts a command composes: the connection to a Temporal service
 * ({@link dev.mesa.worker.runtime.TemporalConnection}, TLS client certificates and API keys; a client's first call
 * through {@link dev.mesa.worker.runtime.ServiceProbe}, so an unreachable address fails at once), the embedded dev
 * server ({@link dev.mesa.worker.runtime.DevServer}), the worker with mesa's workflows and activities
 * ({@link dev.mesa.worker.runtime.MesaWorker}) on its device ({@link dev.mesa.model.DeviceSpec}, checked at
 * start-up by {@link dev.mesa.worker.runtime.DeviceCheck} from the engine's {@link dev.mesa.worker.runtime.EngineFacts})
 * and the Prometheus endpoint with the SDK, JVM and domain metrics
 * ({@link dev.mesa.worker.runtime.MetricsEndpoint}).
 */
package dev.mesa.worker.runtime;
