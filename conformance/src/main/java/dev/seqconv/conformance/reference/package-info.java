/**
 * The formulas the kit checks engines against, in double precision on host arrays: layers, recurrences,
 * activations, losses, and finite differences for gradients. Depends only on the api's {@code ndarray},
 * {@code random} and {@code ops.Activation}.
 */
package dev.seqconv.conformance.reference;
