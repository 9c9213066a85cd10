package dev.mesa.workflows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts fake activity invocations (attempts included) and remembers their order and the task queues each ran on. */
final class ActivityCalls {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> queues = new ConcurrentHashMap<>();
    private final List<String> sequence = new CopyOnWriteArrayList<>();

    void record(String activity, String taskQueue) {
        sequence.add(activity);
        counts.computeIfAbsent(activity, a -> new AtomicInteger()).incrementAndGet();
        queues.computeIfAbsent(activity, a -> ConcurrentHashMap.newKeySet()).add(taskQueue);
    }

    int count(String activity) {
        AtomicInteger n = counts.get(activity);
        return n == null ? 0 : n.get();
    }

    /** Every invocation's activity name, in the order they started. */
    List<String> sequence() {
        return List.copyOf(sequence);
    }

    Set<String> queues(String activity) {
        return queues.getOrDefault(activity, Set.of());
    }
}
