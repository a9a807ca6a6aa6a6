/**
 * A model's layers as built from its input ({@code LayerStack}, {@code LayerNode}, {@code Input}): names, shapes,
 * weights and the forward pass, and the checks every use of them shares — data checks on the host, the memory a
 * batch needs, the size of an unrolled graph. What the training and inference code both build on.
 *
 * <p>Depends on: {@code autodiff}, {@code backend}, {@code checks}, {@code data}, {@code io}, {@code keras},
 * {@code layers}, {@code losses}, {@code ndarray}, {@code ops}, {@code random}, {@code spi}.
 */
package dev.seqconv.api.network;
