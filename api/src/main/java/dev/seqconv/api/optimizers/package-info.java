/**
 * Keras's optimizers, as update rules written with {@code Ops}, with their slot variables.
 *
 * <p>Depends on: {@code ops} (and through it {@code ndarray}).
 */
package dev.seqconv.api.optimizers;
