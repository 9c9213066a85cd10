/**
 * Durable artifacts: {@link dev.mesa.checkpoint.DurableFiles}, the one writer of every file mesa keeps (atomic,
 * fsynced, directory fsynced; moving a damaged file aside), the checksummed section container shared by
 * checkpoints, model files and generator files, and the errors raised for corrupt ones.
 */
package dev.mesa.checkpoint;
