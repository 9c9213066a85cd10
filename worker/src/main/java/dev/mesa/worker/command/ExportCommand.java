package dev.mesa.worker.command;

import dev.mesa.worker.client.RepairedModelExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code mesa export ID --out FILE}: writes a finished defence's repaired model for PyTorch (see {@link RepairedModelExport}). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a finished defence's repaired model for PyTorch (TorchScript for a TorchScript input,"
                + " else a safetensors state dict and mesa_architectures.py), with a JSON sidecar beside it.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "the defence's workflow id (defense/<defenseId>) or its defenseId")
    String id;

    @Option(names = "--variant", paramLabel = "NAME",
            description = "the variant to export (before, beta=0.9, ensemble, ...; default: the one the defence chose)")
    String variant;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "the model file to write (*.pt for TorchScript, *.safetensors); the sidecar is FILE's name with .json")
    Path out;

    @Option(names = "--store", defaultValue = "${env:MESA_STORE:-${sys:user.home}/.mesa/store}",
            description = "artifact store directory of the workers (default: ${DEFAULT-VALUE})")
    Path store;

    @Override
    public Integer call() {
        RepairedModelExport.Written w = RepairedModelExport.export(store, id, variant, out);
        System.out.println("wrote " + w.variant() + " as " + w.format() + ": " + w.model());
        System.out.println("sidecar: " + w.sidecar());
        if (w.pythonLoader() != null) {
            System.out.println("PyTorch loader: " + w.pythonLoader());
        }
        System.out.println("clean accuracy " + percent(w.before() != null ? w.before().cleanAccuracy() : null) + " -> "
                + percent(w.after().cleanAccuracy()) + ", ASR " + percent(w.before() != null
                ? w.before().attackSuccessRate() : null) + " -> " + percent(w.after().attackSuccessRate()));
        return 0;
    }

    private static String percent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
