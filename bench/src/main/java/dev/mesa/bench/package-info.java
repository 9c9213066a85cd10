/**
 * Benchmarks on real data, run with {@code bench/run <MainClass>} (docs/PROTOCOL.md for the protocol,
 * docs/RESULTS.md and docs/PERFORMANCE.md for what they measured). Each main class is a picocli command over the core
 * ({@code mesa-core}) alone, with no Temporal: {@link dev.mesa.bench.CoreBenchmark} (clean training and attacks),
 * {@link dev.mesa.bench.AttackCurve} and {@link dev.mesa.bench.AttackProbe} (how far an attack has spread),
 * {@link dev.mesa.bench.DefenseBenchmark} (the whole defence of one model, stage by stage) and its diagnostics
 * ({@link dev.mesa.bench.RetrainCurve}, {@link dev.mesa.bench.SubModelRun}, {@link dev.mesa.bench.TriggerCoverage},
 * {@link dev.mesa.bench.DetectionTraceReport}), and the timing harnesses ({@link dev.mesa.bench.HotLoopBenchmark},
 * {@link dev.mesa.bench.LayoutBenchmark}) with the Java halves of the Python checks in {@code bench/}
 * ({@link dev.mesa.bench.EvaluationPlan}, {@link dev.mesa.bench.ProbeBatch},
 * {@link dev.mesa.bench.TorchScriptExportCheck}). Every run writes a {@link dev.mesa.bench.BenchRecord} with the
 * machine, the date and the exact command to {@code bench/results/}, and keeps the outputs of finished stages in its
 * work directory so that a re-run resumes instead of starting over.
 */
package dev.mesa.bench;
