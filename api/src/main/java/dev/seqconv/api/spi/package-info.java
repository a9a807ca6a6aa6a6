/**
 * What an engine implements to run seqconv: {@code Backend} and {@code BackendProvider} (found by
 * {@code ServiceLoader}), the {@code Executor} that owns a model's native memory and compiles functions, the
 * primitive {@code Kernels}, and the optional fused kernels.
 *
 * <p>Depends on: {@code ops}, {@code ndarray}.
 */
package dev.seqconv.api.spi;
