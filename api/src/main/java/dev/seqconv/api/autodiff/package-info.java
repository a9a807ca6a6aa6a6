/**
 * Reverse-mode differentiation written once for every engine: {@code TapeOps} records the operations a step runs
 * on an engine's primitive kernels and derives their gradients by the same rules on every backend.
 *
 * <p>Depends on: {@code ops}, {@code spi}, {@code ndarray}. Used by {@code model}; layers, losses and optimizers
 * never see it (they write {@code Ops}).
 */
package dev.seqconv.api.autodiff;
