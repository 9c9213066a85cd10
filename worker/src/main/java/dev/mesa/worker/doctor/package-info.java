/**
 * {@code mesa doctor}'s findings: what the process loaded ({@link dev.mesa.worker.doctor.LoadedLibraries}, from
 * {@code /proc/self/maps}), whether the store and cache take files ({@link dev.mesa.worker.doctor.DirectoryState}),
 * whether the Temporal service answers ({@link dev.mesa.worker.doctor.TemporalReachability}), and the report that
 * turns these and the engine's facts into problems, warnings and an exit code
 * ({@link dev.mesa.worker.doctor.DoctorReport}).
 */
package dev.mesa.worker.doctor;
