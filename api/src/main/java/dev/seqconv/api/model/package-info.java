/**
 * The model: {@code Sequential} (building a stack of layers, compiling it onto a backend, fit, evaluate, predict,
 * weights and checkpoints), Keras model files loaded and saved ({@code KerasModels}), the training loop, memory
 * and data checks, and the summary table. This is where the other packages meet.
 *
 * <p>Depends on: {@code autodiff}, {@code backend}, {@code callbacks}, {@code checks}, {@code data},
 * {@code initializers}, {@code io}, {@code keras}, {@code layers}, {@code losses}, {@code metrics},
 * {@code ndarray}, {@code ops}, {@code optimizers}, {@code random}, {@code spi}. Nothing depends on it.
 */
package dev.seqconv.api.model;
