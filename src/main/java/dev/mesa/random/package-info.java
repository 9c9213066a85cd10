/** Seeded, counter-based random streams: one seed in a config determines every random choice. */
package dev.mesa.random;
