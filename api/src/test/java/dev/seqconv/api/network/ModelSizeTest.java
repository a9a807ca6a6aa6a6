package dev.seqconv.api.network;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.model.Sequential;
import org.junit.jupiter.api.Test;

/** Models too large for a Java array or the heap are refused when built, with the size they need. */
class ModelSizeTest {

    private static Sequential embedding(int inputDim, int outputDim) {
        return Sequential.builder().input(Input.ints(10)).add(Embedding.of(inputDim, outputDim))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1)).build();
    }

    @Test
    void aWeightLargerThanAJavaArrayIsRefusedNamingTheLayer() {
        assertThatThrownBy(() -> embedding(20_000_000, 128)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'embedding' (Embedding, the 1st layer in model.summary()): its weight "
                        + "'embeddings' of shape (20000000, 128) holds 2,560,000,000 values, more than a Java array "
                        + "holds (2,147,483,639): make the layer smaller (an Embedding's inputDim × outputDim, a "
                        + "kernel's inputs × units)");
    }

    @Test
    void weightsLargerThanTheHeapAreRefusedBeforeTheyAreDrawn() {
        long weights = 4_000_000L * 500;
        assumeTrue(weights * Float.BYTES > Runtime.getRuntime().maxMemory(), "Skipped: this JVM's heap holds "
                + weights + " floats; the test needs a maximum heap under 8 GB (the build gives tests 6 GB)");
        assertThatThrownBy(() -> embedding(4_000_000, 500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The model's 2,000,000,501 weights need 8.0 GB of Java heap, more than the ")
                .hasMessageContaining("GB this JVM can still allocate")
                .hasMessageContaining("give Java more memory (java -Xmx")
                .hasMessageContaining("for ./seqconv, SEQCONV_JAVA_OPTS=-Xmx");
    }

    @Test
    void theHeapMessageSuggestsAHeapThatHoldsTheAllocation() {
        assertThatThrownBy(() -> HostMemory.requireHeap(3_000_000_000L, "The model's 750,000,000 weights",
                1L << 30, 2L << 30))
                .hasMessage("The model's 750,000,000 weights need 3.0 GB of Java heap, more than the 1.1 GB this JVM "
                        + "can still allocate (its maximum heap is 2.1 GB): give Java more memory (java -Xmx5g; for "
                        + "./seqconv, SEQCONV_JAVA_OPTS=-Xmx5g) or make the model smaller");
    }
}
