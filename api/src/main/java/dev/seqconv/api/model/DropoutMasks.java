package dev.seqconv.api.model;

import dev.seqconv.api.layers.NoiseSpec;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/** Draws the dropout masks of a training step on the host, from one seeded stream. */
final class DropoutMasks {

    private final List<NoiseSpec> specs;
    private final SeededRandom random;

    DropoutMasks(List<NoiseSpec> specs, SeededRandom random) {
        this.specs = List.copyOf(specs);
        this.random = random;
    }

    /** One mask per spec for a batch of {@code batch} samples: {@code 1/(1 − rate)} kept, 0 dropped. */
    List<NdArray> draw(int batch) {
        List<NdArray> masks = new ArrayList<>(specs.size());
        for (NoiseSpec spec : specs) {
            float scale = (float) (1 / (1 - spec.rate()));
            float[] values = new float[Math.toIntExact(batch * spec.sampleShape().size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble() >= spec.rate() ? scale : 0f;
            }
            masks.add(NdArray.wrapFloats(spec.sampleShape().prepend(batch), values));
        }
        return masks;
    }
}
