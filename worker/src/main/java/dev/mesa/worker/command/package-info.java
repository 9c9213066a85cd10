/**
 * The subcommands of {@code mesa}: {@code demo}, {@code dev}, {@code worker}, {@code run}, {@code submit},
 * {@code status}, {@code report} and {@code doctor}, and the option groups they share
 * ({@link dev.mesa.worker.command.ConnectionOptions}, {@link dev.mesa.worker.command.WorkerOptions}).
 */
package dev.mesa.worker.command;
