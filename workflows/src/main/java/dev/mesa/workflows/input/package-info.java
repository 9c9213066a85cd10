/**
 * Strict reading of workflow inputs. The input records and their nested settings records
 * ({@link dev.mesa.workflows.input.CapturesUnknownFields}) keep the JSON fields they do not declare instead of
 * dropping them, and {@link dev.mesa.workflows.input.UnknownFieldCheck} reports each one with its JSON path and the
 * closest declared name ({@link dev.mesa.workflows.input.EditDistance}). Temporal's data converter itself stays
 * lenient, so histories and activity payloads survive version skew; the check runs only where a user's input
 * enters: in {@code mesa run}/{@code mesa submit} and in each workflow's input gate.
 */
package dev.mesa.workflows.input;
