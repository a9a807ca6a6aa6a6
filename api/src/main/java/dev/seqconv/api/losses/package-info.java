/**
 * Keras's losses, written with {@code Ops} so that every engine computes and differentiates them alike.
 *
 * <p>Depends on: {@code ops} (and through it {@code ndarray}).
 */
package dev.seqconv.api.losses;
