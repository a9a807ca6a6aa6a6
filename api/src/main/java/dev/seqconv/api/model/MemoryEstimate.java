package dev.seqconv.api.model;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A rough upper estimate of the memory one batch takes inside an engine, checked against the machine's memory
 * before the engine allocates: an absurd batch gets a clear message instead of a native allocation failure.
 * Counts every layer's input and output for the batch, four bytes each, six times over in training (activations
 * kept for the backward pass, their gradients, temporaries), twice in inference.
 */
final class MemoryEstimate {

    private final long valuesPerSample;
    private final long physicalBytes;

    MemoryEstimate(LayerStack stack) {
        long values = 0;
        for (LayerNode node : stack.nodes()) {
            values += node.inputShape().dropFirst().size() + node.outputShape().dropFirst().size();
        }
        this.valuesPerSample = values;
        this.physicalBytes = physicalMemory();
    }

    /**
     * @throws IllegalArgumentException if a batch of {@code samples} would not fit in this machine's memory
     */
    void check(int samples, boolean training) {
        double bytes = (double) samples * valuesPerSample * 4 * (training ? 6 : 2);
        if (physicalBytes > 0 && bytes > physicalBytes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "A %s batch of %,d samples needs about %.1f GB "
                    + "for this model's activations, more than this machine's %.1f GB of memory: lower the batch size",
                    training ? "training" : "prediction", samples, bytes / 1e9, physicalBytes / 1e9));
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
