package dev.seqconv.api.network;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.GraphUnrolling;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The size of a model's training graph on an engine that {@linkplain GraphUnrolling unrolls recurrences where it
 * computes gradients}, and the memory and time the engine needs to prepare it, checked before the training function
 * is traced: a recurrence too long for the engine gets a clear message instead of minutes of tracing and gigabytes
 * of graph. Each recurrent layer adds its {@link dev.seqconv.api.layers.LayerBuild#unrolledOperations()} nodes to
 * the training function's forward pass, and about twice as many for their gradients: three times the forward
 * operations in all (measured on TensorFlow: 23 nodes a GRU step forward, 71 in the training function). Prediction
 * and evaluation are never refused: such an engine runs their recurrences as a loop ({@code Kernels.loop()}), whose
 * graph does not grow with the steps. Engines that do not unroll are never refused.
 */
public final class UnrolledGraphEstimate {

    /** The nodes of the training function (forward and gradients), per forward operation. */
    private static final int TRAINING_GRAPH = 3;

    private final Backend backend;
    private final List<LayerNode> recurrent;
    private final long forwardOperations;
    private final long physicalBytes;

    public UnrolledGraphEstimate(LayerStack stack, Backend backend, long physicalBytes) {
        this.backend = backend;
        this.recurrent = stack.nodes().stream().filter(n -> n.build().unrolledOperations() > 0).toList();
        this.forwardOperations = recurrent.stream().mapToLong(n -> n.build().unrolledOperations()).sum();
        this.physicalBytes = physicalBytes;
    }

    /**
     * Refuses to train when the graph would pass the engine's node limit or this machine's memory.
     *
     * @throws IllegalArgumentException naming the recurrent layers, the graph's size, memory and time, the reason
     *                                  and what to do instead
     */
    public void checkTraining() {
        backend.graphUnrolling().ifPresent(unrolling -> {
            long nodes = TRAINING_GRAPH * forwardOperations;
            if (exceedsMemory(unrolling, nodes)) {
                throw new IllegalArgumentException(describe(unrolling, nodes) + tooLarge() + alternatives());
            }
            if (nodes > unrolling.trainingNodeLimit()) {
                throw new IllegalArgumentException(describe(unrolling, nodes) + String.format(Locale.ROOT,
                        " seqconv refuses to train graphs over %,d nodes on it. ", unrolling.trainingNodeLimit())
                        + alternatives());
            }
        });
    }

    private boolean exceedsMemory(GraphUnrolling unrolling, long nodes) {
        return physicalBytes > 0 && (double) nodes * unrolling.bytesPerNode() > physicalBytes;
    }

    private String describe(GraphUnrolling unrolling, long nodes) {
        String layers = recurrent.stream()
                .map(n -> String.format(Locale.ROOT, "'%s' (%s, %,d time steps)", n.name(), n.layer().typeName(),
                        n.inputShape().dim(1)))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "The %s backend runs recurrences unrolled over the time axis when it computes "
                        + "gradients, so to train this model it would build a graph of about %,d nodes for %s %s, and "
                        + "need about %s and %.1f GB before the first step.", backend.id(), nodes,
                recurrent.size() == 1 ? "layer" : "layers", layers, duration(nodes * unrolling.secondsPerNode()),
                nodes * (double) unrolling.bytesPerNode() / 1e9);
    }

    private String tooLarge() {
        return String.format(Locale.ROOT, " That is more than this machine's %.1f GB of memory. ", physicalBytes / 1e9);
    }

    private static String alternatives() {
        return "Prediction and evaluation are not limited: they run the recurrence as a loop. Train on the nd4j "
                + "backend, which runs recurrences step by step without a graph (--backend nd4j on the command line, -D" + Backends.PROPERTY + "=nd4j or " + Backends.ENVIRONMENT + "=nd4j), or shorten the sequences before the recurrent layer, e.g. with "
                + "Conv1D and MaxPooling1D as the chapter's jena-conv-gru does (docs/engines.md, \"Long sequences\")";
    }

    private static String duration(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.0f seconds", seconds)
                : String.format(Locale.ROOT, "%.0f minutes", seconds / 60);
    }
}
