package dev.mesa.worker;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The forked worker's LD_PRELOAD: tcmalloc only where it is installed, no path the dynamic loader cannot open. */
class WorkerProcessTest {
    private static final String TCMALLOC = WorkerProcess.TCMALLOC.toString();
    private static final boolean INSTALLED = Files.exists(WorkerProcess.TCMALLOC);

    static Map<String, String> childOf(String inherited) {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin"));
        if (inherited != null) {
            environment.put("LD_PRELOAD", inherited);
        }
        WorkerProcess.preloadTcmallocIfInstalled(environment);
        return environment;
    }

    @Test
    void tcmallocIsPreloadedExactlyWhenInstalled() {
        assertEquals(INSTALLED ? TCMALLOC : null, childOf(null).get("LD_PRELOAD"));
        // the test JVM itself may have been started with a preload of it: kept once if there, dropped if not
        assertEquals(INSTALLED ? TCMALLOC : null, childOf(TCMALLOC).get("LD_PRELOAD"));
        assertEquals("/usr/bin", childOf(TCMALLOC).get("PATH"), "the rest of the environment is left alone");
    }

    @Test
    void inheritedPathsThatDoNotExistAreDroppedAndTheRestKept() {
        String kept = INSTALLED ? TCMALLOC + ":libsearched.so" : "libsearched.so";
        assertEquals(kept, childOf("/no/such/libmissing.so libsearched.so:/no/such/other.so").get("LD_PRELOAD"));
    }
}
