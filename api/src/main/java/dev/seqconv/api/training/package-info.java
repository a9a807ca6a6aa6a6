/**
 * Training a model's layers on an engine: the compiled training, test and prediction functions
 * ({@code Trainer}), Keras's fit and evaluate loop, the two halves of a data-parallel step
 * ({@code ShardGradients}, {@code GradientSteps}), dropout masks, checkpoints and {@code FitConfig}.
 *
 * <p>Depends on: {@code autodiff}, {@code callbacks}, {@code checks}, {@code data}, {@code io}, {@code layers},
 * {@code losses}, {@code metrics}, {@code ndarray}, {@code network}, {@code ops}, {@code optimizers},
 * {@code random}, {@code spi}.
 */
package dev.seqconv.api.training;
