/**
 * The {@code mesa} executable: {@link dev.mesa.worker.MesaCli} dispatches to the subcommands of
 * {@code dev.mesa.worker.command} (their failures shown as one line by {@code CommandFailureHandler}), which
 * compose the runtime parts ({@code dev.mesa.worker.runtime}) and the client helpers ({@code dev.mesa.worker.client}).
 * This module is the composition root: the only one that picks the Prometheus registry and the logging backend
 * (logback, {@code logback.xml}).
 */
package dev.mesa.worker;
