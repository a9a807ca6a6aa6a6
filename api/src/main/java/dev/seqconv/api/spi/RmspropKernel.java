package dev.seqconv.api.spi;

import dev.seqconv.api.ops.RmspropStep;

/**
 * An engine's fused RMSprop update, a capability it may offer through {@link Kernels#rmsprop()}:
 * {@link RmspropStep}'s formula in one pass over the weight, for engines whose fixed cost per operation makes the
 * composed update (eight operations a weight) slow. {@code TapeOps} composes the update on engines without one;
 * both are held to the same conformance tests.
 */
public interface RmspropKernel {

    RmspropStep.Result apply(RmspropStep step);
}
