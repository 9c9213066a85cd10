/** Temporal workflows of mesa. */
package dev.mesa.workflows;
