package dev.mesa.activities.store;

import java.nio.file.Path;

/** What the store tells its owner (for metrics): a file that failed its checks was moved aside to be recomputed. */
@FunctionalInterface
public interface StoreEvents {
    StoreEvents NONE = (kind, runKey, movedTo, problem) -> { };

    /**
     * @param kind    the artifact kind: the first segment of the run key ({@code models}, {@code generators},
     *                {@code triggers}, {@code evaluations}, {@code reports})
     * @param runKey  the run whose file it was
     * @param movedTo where it is kept now (null if another process moved it first)
     * @param problem what was wrong with it
     */
    void quarantined(String kind, String runKey, Path movedTo, String problem);

    /** The artifact kind of a run key (its first segment). */
    static String kindOf(String runKey) {
        int slash = runKey.indexOf('/');
        return slash > 0 ? runKey.substring(0, slash) : runKey;
    }
}
