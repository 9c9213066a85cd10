package dev.mesa.activities.metrics;

import java.util.Optional;

/**
 * The {@code phase} and {@code beta} labels of an evaluated model, from the variant name the workflows give it:
 * {@code before} → attacked/none, {@code beta=0.9} → mesa/0.9, {@code ensemble} → mesa/ensemble,
 * {@code ensemble-<mixing>} → mesa/ensemble-&lt;mixing&gt; (an extra ensemble), {@code baseline-k<n>} and
 * {@code baseline-<protocol>-k<n>} → baseline/none (the latest round), {@code ideal} → ideal/none.
 */
public record VariantLabels(String phase, String beta) {
    public static final String NONE = "none";

    public static Optional<VariantLabels> of(String variant) {
        if (variant == null) {
            return Optional.empty();
        }
        if (variant.equals("before")) {
            return Optional.of(new VariantLabels("attacked", NONE));
        }
        if (variant.startsWith("beta=")) {
            return Optional.of(new VariantLabels("mesa", variant.substring("beta=".length())));
        }
        if (variant.equals("ensemble") || variant.startsWith("ensemble-")) {
            return Optional.of(new VariantLabels("mesa", variant));
        }
        if (variant.startsWith("baseline")) {
            return Optional.of(new VariantLabels("baseline", NONE));
        }
        if (variant.equals("ideal")) {
            return Optional.of(new VariantLabels("ideal", NONE));
        }
        return Optional.empty();
    }
}
