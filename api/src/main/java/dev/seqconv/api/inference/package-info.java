/**
 * Serving a trained model's predictions: {@code Predictor}, thread-safe with bounded resources, its settings and
 * its strategies (adaptive batching, micro-batching and a pool of sessions), each over inference-only engine
 * sessions.
 *
 * <p>Depends on: {@code backend}, {@code checks}, {@code io}, {@code model}, {@code ndarray}, {@code network},
 * {@code ops}, {@code spi}.
 */
package dev.seqconv.api.inference;
