/**
 * The operations layers, losses and optimizers are written with ({@code Ops}), the symbolic values they pass
 * ({@code Tensor}, {@code Variable}), and the descriptions of fused operations an engine may offer
 * ({@code GruRecurrence}, {@code RmspropStep}).
 *
 * <p>Depends on: {@code ndarray}. (Its documentation links to {@code spi}, {@code autodiff} and
 * {@code optimizers}; its code does not use them.)
 */
package dev.seqconv.api.ops;
