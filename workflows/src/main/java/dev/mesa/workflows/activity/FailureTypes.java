package dev.mesa.workflows.activity;

import java.util.List;

/**
 * {@code ApplicationFailure} type names that activities throw. The {@link #NON_RETRYABLE} ones are thrown with
 * {@code ApplicationFailure.newNonRetryableFailure(message, type)} and every retry policy lists them as
 * do-not-retry: retrying cannot fix them, so the workflow fails fast with the activity's message.
 * {@link #STORE_UNAVAILABLE} is retried.
 */
public final class FailureTypes {
    /** The request is wrong (unknown dataset, class index out of range, missing artifact key, ...). */
    public static final String INVALID_INPUT = "InvalidInput";
    /** A stored artifact is unreadable or fails its checksum: rebuild it, do not retry. */
    public static final String CORRUPT_ARTIFACT = "CorruptArtifact";
    /** Training diverged (NaN or infinite loss): the same settings and seed would diverge again. */
    public static final String NON_FINITE_LOSS = "NonFiniteLoss";
    /**
     * A user's model file cannot be defended: not TorchScript, does not take {@code 3 × inputSize × inputSize}
     * images, returns no usable logits (NaN, wrong shape), or was saved in training mode.
     */
    public static final String INVALID_MODEL = "InvalidModel";

    /**
     * The artifact store could not be written (a full disk, an unwritable directory). Retryable: nothing already
     * written is lost (the last checkpoint stays), and the retry continues once the store is writable again.
     */
    public static final String STORE_UNAVAILABLE = "StoreUnavailable";

    /** The non-retryable types above (all but STORE_UNAVAILABLE), for {@code RetryOptions.setDoNotRetry}. */
    public static final List<String> NON_RETRYABLE = List.of(INVALID_INPUT, CORRUPT_ARTIFACT, NON_FINITE_LOSS,
            INVALID_MODEL);

    private FailureTypes() {}
}
