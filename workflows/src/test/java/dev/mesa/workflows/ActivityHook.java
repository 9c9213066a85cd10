package dev.mesa.workflows;

/** Runs before a fake activity does its work; tests use it to throw failures or to block. */
@FunctionalInterface
interface ActivityHook {
    void beforeCall(String activity, Object request);
}
