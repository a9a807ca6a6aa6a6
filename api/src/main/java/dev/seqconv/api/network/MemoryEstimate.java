package dev.seqconv.api.network;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A rough upper estimate of the memory one batch takes inside an engine, checked against the machine's memory
 * before the engine allocates: an absurd batch gets a clear message instead of a native allocation failure.
 * Counts every layer's input, output and inner values (a recurrent layer's gates and states at every step,
 * {@link dev.seqconv.api.layers.LayerBuild#innerValues()}) for the batch, four bytes each, six times over in
 * training (activations kept for the backward pass, their gradients, temporaries), twice in inference. A
 * layer's input or output must also fit in one array: engines and {@link dev.seqconv.api.ndarray.NdArray} index
 * with 32-bit integers.
 */
public final class MemoryEstimate {

    private final long valuesPerSample;
    private final LayerNode widest;
    private final long widestPerSample;
    private final long physicalBytes;

    public MemoryEstimate(LayerStack stack) {
        long values = 0;
        LayerNode widestNode = null;
        long widestValues = 0;
        for (LayerNode node : stack.nodes()) {
            long in = node.inputShape().dropFirst().size();
            long out = node.outputShape().dropFirst().size();
            values += in + out + node.build().innerValues();
            if (Math.max(in, out) > widestValues) {
                widestNode = node;
                widestValues = Math.max(in, out);
            }
        }
        this.valuesPerSample = values;
        this.widest = widestNode;
        this.widestPerSample = widestValues;
        this.physicalBytes = physicalMemory();
    }

    /**
     * @throws IllegalArgumentException if a batch of {@code samples} would not fit in this machine's memory
     */
    public void check(int samples, boolean training) {
        double bytes = (double) samples * valuesPerSample * 4 * (training ? 6 : 2);
        if (physicalBytes > 0 && bytes > physicalBytes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "A %s batch of %,d samples needs about %.1f GB "
                    + "for this model's activations, more than this machine's %.1f GB of memory: lower the batch size",
                    training ? "training" : "prediction", samples, bytes / 1e9, physicalBytes / 1e9));
        }
        if (widest != null && (double) samples * widestPerSample > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "A batch of %,d samples gives layer '%s' an "
                    + "array of %,.0f values, more than an engine array holds (2,147,483,647): lower the batch size to "
                    + "at most %,d", samples, widest.name(), (double) samples * widestPerSample,
                    Integer.MAX_VALUE / widestPerSample));
        }
    }

    /**
     * This machine's memory in bytes, or 0 where the JVM cannot tell: read once per JVM. In a container the JVM reads
     * it from cgroup files on every call (40-130 µs, and file-reading code for the JIT to compile in the first
     * steps), and every {@code fit} call asks for it.
     */
    public static long physicalMemory() {
        return PhysicalMemory.BYTES;
    }

    private static final class PhysicalMemory {

        static final long BYTES = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : 0;
    }
}
