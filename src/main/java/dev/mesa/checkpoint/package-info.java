/**
 * Durable artifacts: the checksummed, atomically written section container shared by checkpoints, model
 * files and generator files, atomic file writes, and the errors raised for corrupt ones.
 */
package dev.mesa.checkpoint;
