/**
 * The filesystem artifact store the activities write to: a root directory (which can be a shared volume) holding
 * one run directory per activity request, keyed by a readable label plus a hash of the request's content
 * ({@link dev.mesa.activities.store.RequestFingerprint}); a run is complete when its {@code manifest.json}, written
 * atomically and last, exists. Keys are validated relative paths that cannot leave the root
 * ({@link dev.mesa.activities.store.ArtifactKeys}); every file is written to a temporary name and moved into place
 * ({@link dev.mesa.activities.store.AtomicFiles}).
 */
package dev.mesa.activities.store;
