/**
 * The model: {@code Sequential}, a thin façade that builds a stack of layers and hands each use to the package
 * that owns it (training to {@code training}, the layers and checks to {@code network}, weights and checkpoint
 * files to {@code io}), Keras model files loaded and saved ({@code KerasModels}), and the summary table.
 *
 * <p>Depends on: {@code backend}, {@code callbacks}, {@code checks}, {@code data}, {@code initializers},
 * {@code io}, {@code keras}, {@code layers}, {@code losses}, {@code metrics}, {@code ndarray}, {@code network},
 * {@code ops}, {@code optimizers}, {@code spi}, {@code training}. Only {@code inference} depends on it.
 */
package dev.seqconv.api.model;
