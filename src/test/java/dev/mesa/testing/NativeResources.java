package dev.mesa.testing;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Counts DJL native resources below a manager (arrays and sub-managers, recursively), so tests can assert
 * that long loops do not grow them.
 */
public final class NativeResources {
    private static final Field RESOURCES;

    static {
        try {
            RESOURCES = BaseNDManager.class.getDeclaredField("resources");
            RESOURCES.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NativeResources() {}

    /** Arrays and managers, as counted once. */
    public record Count(int arrays, int managers) {}

    public static Count of(NDManager manager) {
        return new Count(manager.getManagedArrays().size(), managers(manager));
    }

    /** The engine's system manager (root of every base manager). */
    public static NDManager systemOf(NDManager manager) {
        NDManager m = manager;
        while (m.getParentManager() != null && m.getParentManager() != m) {
            m = m.getParentManager();
        }
        return m;
    }

    private static int managers(NDManager manager) {
        int n = 1;
        for (Object r : resources(manager).values()) {
            if (r instanceof NDManager child) {
                n += managers(child);
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, AutoCloseable> resources(NDManager manager) {
        try {
            return (Map<String, AutoCloseable>) RESOURCES.get(manager);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
