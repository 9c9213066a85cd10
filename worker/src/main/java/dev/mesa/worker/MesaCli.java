package dev.mesa.worker;

import dev.mesa.worker.command.DemoCommand;
import dev.mesa.worker.command.DevCommand;
import dev.mesa.worker.command.DoctorCommand;
import dev.mesa.worker.command.ExportCommand;
import dev.mesa.worker.command.ReportCommand;
import dev.mesa.worker.command.RunCommand;
import dev.mesa.worker.command.StatusCommand;
import dev.mesa.worker.command.SubmitCommand;
import dev.mesa.worker.command.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mesa}: MESA backdoor defence as durable Temporal workflows. */
@Command(name = "mesa", mixinStandardHelpOptions = true, version = "mesa 0.1.0",
        description = "Finds and removes neural backdoors by modelling the distribution of valid triggers (MESA),"
                + " as durable Temporal workflows.",
        subcommands = {DemoCommand.class, DevCommand.class, WorkerCommand.class, RunCommand.class, SubmitCommand.class,
                StatusCommand.class, ReportCommand.class, ExportCommand.class, DoctorCommand.class})
public final class MesaCli {
    /** Exit code of a command whose input was wrong. */
    public static final int USAGE_ERROR = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MesaCli());
        cli.setExecutionExceptionHandler(new CommandFailureHandler());
        return cli;
    }
}
