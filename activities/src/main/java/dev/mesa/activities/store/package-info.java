/**
 * The filesystem artifact store the activities write to: a root directory (which can be a shared volume) holding
 * one run directory per activity request, keyed by a readable label plus a hash of the request's content
 * ({@link dev.mesa.activities.store.RequestFingerprint}). A run directory holds its request
 * ({@link dev.mesa.activities.store.StoredRequest}), its outputs and, written durably and last, its
 * {@link dev.mesa.activities.store.Manifest} with the hash of every output: a run is complete only while those
 * hashes hold. Damaged files are moved aside and reported ({@link dev.mesa.activities.store.StoreEvents}), never
 * used. Keys are validated relative paths that cannot leave the root
 * ({@link dev.mesa.activities.store.ArtifactKeys}); every file is written through
 * {@link dev.mesa.checkpoint.DurableFiles}.
 */
package dev.mesa.activities.store;
