package dev.mesa.workflows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The raw JSON inputs users pass to the Temporal CLI, read from {@code deploy/examples} beside this module. */
final class ExampleInputs {
    static final Path DIRECTORY = Path.of("../deploy/examples");
    static final String DEFENSE = "defense-synthetic.json";
    static final String SWEEP = "sweep-bw3-synthetic.json";
    static final String TORCHSCRIPT = "defense-torchscript.json";

    private ExampleInputs() {}

    static String read(String name) {
        try {
            return Files.readString(DIRECTORY.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read example input " + DIRECTORY.resolve(name).toAbsolutePath(), e);
        }
    }
}
