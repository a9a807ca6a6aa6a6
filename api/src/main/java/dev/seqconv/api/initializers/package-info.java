/**
 * How weights get their first values, as Keras's initializers, drawn on the host from the model's seed so every
 * engine starts from the same numbers.
 *
 * <p>Depends on: {@code ndarray}, {@code random}.
 */
package dev.seqconv.api.initializers;
