package dev.mesa.workflows;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts fake activity invocations (attempts included) and remembers the task queues each ran on. */
final class ActivityCalls {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> queues = new ConcurrentHashMap<>();

    void record(String activity, String taskQueue) {
        counts.computeIfAbsent(activity, a -> new AtomicInteger()).incrementAndGet();
        queues.computeIfAbsent(activity, a -> ConcurrentHashMap.newKeySet()).add(taskQueue);
    }

    int count(String activity) {
        AtomicInteger n = counts.get(activity);
        return n == null ? 0 : n.get();
    }

    Set<String> queues(String activity) {
        return queues.getOrDefault(activity, Set.of());
    }
}
