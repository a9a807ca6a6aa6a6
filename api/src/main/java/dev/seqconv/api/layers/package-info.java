/**
 * Keras's layers as immutable configurations: each checks its input shape and declares its weights and masks
 * ({@code build}), then computes its output with {@code Ops} ({@code call}), reading its weights by name
 * ({@code Weights}). Made with {@code X.of(...)}, options with {@code with...} methods, a name with
 * {@code withName}.
 *
 * <p>Depends on: {@code checks}, {@code ops}, {@code ndarray}, {@code initializers}. Not on {@code model}, engines or files.
 */
package dev.seqconv.api.layers;
