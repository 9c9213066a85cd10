package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Triggers sampled from stored generators of one target class (each sample from a uniformly drawn generator):
 * what an audit, which does not know the attack's trigger, measures a model's ASR with.
 *
 * @param targetClass   the class the generators aim at
 * @param generatorKeys the generators, all trained for {@code targetClass}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampledTriggers(int targetClass, List<String> generatorKeys) {
    public SampledTriggers {
        generatorKeys = generatorKeys != null ? List.copyOf(generatorKeys) : null;
    }
}
