/**
 * MESA itself, the modelling of the distribution of valid triggers for one target class (docs/ALGORITHM.md, "MESA"):
 * the generator G ({@link dev.mesa.distribution.TriggerGenerator}) and MINE's statistics network T
 * ({@link dev.mesa.distribution.StatisticsNetwork}, {@link dev.mesa.distribution.MineEstimator}), trained together
 * against the frozen classifier as one sub-model per staircase level β ({@link dev.mesa.distribution.GeneratorTrainer},
 * resumable; {@link dev.mesa.distribution.SubModelTrainer} end to end, with {@link dev.mesa.distribution.MesaConfig}
 * holding the hyper-parameters). A trained sub-model is measured ({@link dev.mesa.distribution.SubModelReport},
 * including the skip rule E[F] &lt; β), stored as a generator file ({@link dev.mesa.distribution.GeneratorFile}),
 * and sampled as a trigger source: one level alone, or the staircase's ensembles, which never include a skipped
 * level. The defence ({@code dev.mesa.defense}) consumes these sources; nothing here knows about workflows.
 */
package dev.mesa.distribution;
