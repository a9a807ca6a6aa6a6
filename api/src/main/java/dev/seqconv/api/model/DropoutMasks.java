package dev.seqconv.api.model;

import dev.seqconv.api.layers.NoiseSpec;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the dropout masks of a training step on the host. Step {@code t}'s masks depend only on the model's seed
 * and {@code t}, so a run resumed from a checkpoint draws the masks an uninterrupted one would.
 */
final class DropoutMasks {

    private final List<NoiseSpec> specs;
    private final long seed;

    DropoutMasks(List<NoiseSpec> specs, long seed) {
        this.specs = List.copyOf(specs);
        this.seed = seed;
    }

    /**
     * One mask per spec for a batch of {@code batch} samples at training step {@code step}: {@code 1/(1 − rate)}
     * kept, 0 dropped.
     */
    List<NdArray> draw(int batch, long step) {
        SeededRandom random = new SeededRandom(seed).fork("dropout " + step);
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
