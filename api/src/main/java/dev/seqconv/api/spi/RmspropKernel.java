package dev.seqconv.api.spi;

import dev.seqconv.api.ops.RmspropStep;

/**
 * An engine's fused RMSprop update: {@link RmspropStep}'s formula in one pass over the weight, for engines whose
 * fixed cost per operation makes the composed update (eight operations a weight) slow. Engines without one leave
 * {@link Kernels#rmsprop()} empty and the optimizer composes the update; both are held to the same conformance
 * tests.
 */
public interface RmspropKernel {

    RmspropStep.Result apply(RmspropStep step);
}
