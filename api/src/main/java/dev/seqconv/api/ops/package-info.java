/**
 * The operations layers, losses and optimizers are written with ({@code Ops}, each primitive declared once in
 * {@code Primitives}), the symbolic values they pass ({@code Tensor}, {@code Variable}), Keras's activation
 * functions built from them ({@code Activation}), the composite operations an engine may fuse
 * ({@code GruRecurrence}, {@code RmspropStep}), the loop over time an engine may run as a loop
 * ({@code SequenceLoop}) and their composed forms ({@code Composed}).
 *
 * <p>Depends on: {@code ndarray}. (Its documentation links to {@code spi}, {@code autodiff} and
 * {@code optimizers}; its code does not use them.)
 */
package dev.seqconv.api.ops;
