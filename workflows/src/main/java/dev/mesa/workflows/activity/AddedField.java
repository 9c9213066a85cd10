package dev.mesa.workflows.activity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a request record (or of a settings record inside one) that was added after the request was
 * first released. The artifact store leaves such a field out of the request's fingerprint while it holds its
 * "no change" value ({@link #unchangedWhen}, null when absent), so a request that does not use the new field keeps
 * the key it had before the field existed and finds the work already done; any other value is part of the key.
 * Fields that were there from the start are never marked: they are always in the fingerprint, null included, as
 * every stored key was made that way. docs/ORCHESTRATION.md states the rule.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface AddedField {
    /**
     * The value, as JSON ({@code "0.0"}, {@code "false"}, {@code "\"uniform\""}), with which the request means what it
     * meant before the field existed; a null value always counts as unchanged.
     */
    String unchangedWhen() default "null";
}
