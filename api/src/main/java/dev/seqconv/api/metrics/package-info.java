/**
 * Keras's metrics, computed per sample on the host from the step's predictions.
 *
 * <p>Depends on: {@code ndarray}.
 */
package dev.seqconv.api.metrics;
