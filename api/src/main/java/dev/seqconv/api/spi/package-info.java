/**
 * What an engine implements to run seqconv: {@code Backend} and {@code BackendProvider} (found by
 * {@code ServiceLoader}), the {@code Executor} that owns a model's native memory and compiles functions, the
 * primitive {@code Kernels}, the optional fused kernels, and the optional inference plans ({@code InferencePlan}:
 * a model's forward pass compiled for one batch size).
 *
 * <p>Depends on: {@code layers} (the configurations an inference plan reads), {@code ops}, {@code ndarray}.
 */
package dev.seqconv.api.spi;
