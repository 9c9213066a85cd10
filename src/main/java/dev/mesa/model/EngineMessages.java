package dev.mesa.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The line of a libtorch error that names the problem. libtorch's messages carry the TorchScript traceback
 * and C++ frames; the problem ("RuntimeError: Given groups=1, weight of size [8, 1, 3, 3], expected input
 * ... to have 1 channels") is the last Python-style error line, else the first line.
 */
final class EngineMessages {
    private EngineMessages() {}

    static String summary(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String[] lines = message.split("\\R");
        Optional<String> pythonError = Arrays.stream(lines).map(String::strip)
                .filter(l -> l.matches("^[A-Za-z.]*(Error|Exception): .*")).reduce((first, second) -> second);
        return pythonError.orElseGet(() -> Arrays.stream(lines).map(String::strip).filter(l -> !l.isEmpty())
                .findFirst().orElse(message));
    }
}
