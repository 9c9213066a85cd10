package dev.mesa.worker.command;

import dev.mesa.activities.store.ArtifactKeys;
import dev.mesa.workflows.WorkflowIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mesa report ID}: prints the stored {@code report.md} of a defence or sweep from the artifact store. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the stored report of a workflow (ID: defense/<defenseId> or sweep/<sweepId>, or the bare id).")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "workflow id or defence/sweep id")
    String id;

    @Option(names = "--store", defaultValue = "${env:MESA_STORE:-${sys:user.home}/.mesa/store}",
            description = "artifact store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Override
    public Integer call() throws IOException {
        ArtifactKeys.requireValid("ID", id);
        for (String candidate : WorkflowIds.reportCandidates(id)) {
            Path report = store.resolve("reports").resolve(candidate).resolve("report.md");
            if (Files.isRegularFile(report)) {
                System.out.print(Files.readString(report));
                return 0;
            }
        }
        throw new IllegalArgumentException("no report for '" + id + "' in " + store.resolve("reports")
                + " (is the workflow finished, and is this the worker's --store?)");
    }
}
