package dev.seqconv.api.spi;

/**
 * A capability of engines that trace a function once into a graph and cannot differentiate a loop inside it, so
 * that a recurrence in a function that computes gradients becomes one set of nodes per time step (TensorFlow: its
 * while loop cannot be differentiated from Java, docs/engines.md). That function's graph, its memory and the
 * engine's preparation before the first call grow with the sequence. Such an engine runs the recurrences of the
 * functions that compute no gradients (prediction, evaluation) as a loop ({@link Kernels#loop()}), which does not
 * grow. Offered through {@link Backend#graphUnrolling()}; the model's estimate reads these measured costs and
 * refuses to train a model whose training graph would pass {@code trainingNodeLimit}, before tracing it.
 *
 * @param trainingNodeLimit the most unrolled nodes a model's training function may have to be accepted
 * @param bytesPerNode      the memory one node takes in the engine, from tracing to the end of the first call
 * @param secondsPerNode    the time one node takes to trace and prepare for the first call (an engine whose
 *                          preparation grows faster than the graph takes longer on larger graphs)
 */
public record GraphUnrolling(long trainingNodeLimit, long bytesPerNode, double secondsPerNode) {

    public GraphUnrolling {
        if (trainingNodeLimit <= 0 || bytesPerNode <= 0 || !(secondsPerNode > 0)) {
            throw new IllegalArgumentException("trainingNodeLimit, bytesPerNode and secondsPerNode must be > 0, got "
                    + trainingNodeLimit + ", " + bytesPerNode + " and " + secondsPerNode);
        }
    }
}
