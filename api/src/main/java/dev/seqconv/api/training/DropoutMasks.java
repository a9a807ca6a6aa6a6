package dev.seqconv.api.training;

import dev.seqconv.api.layers.NoiseSpec;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the dropout masks of a training step on the host, sample by sample. The masks of sample {@code i} of
 * the global batch of training step {@code t} depend only on the model's seed, {@code t} and {@code i}: a run
 * resumed from a checkpoint draws the masks an uninterrupted one would, and a global batch split into shards
 * (data-parallel training) draws, shard by shard, exactly the masks of the whole batch.
 */
final class DropoutMasks {

    private final List<NoiseSpec> specs;
    private final long seed;

    DropoutMasks(List<NoiseSpec> specs, long seed) {
        this.specs = List.copyOf(specs);
        this.seed = seed;
    }

    /**
     * One mask per spec for samples {@code firstSample .. firstSample + batch − 1} of the global batch of training
     * step {@code step}: {@code 1/(1 − rate)} kept, 0 dropped.
     */
    List<NdArray> draw(int batch, long step, int firstSample) {
        if (specs.isEmpty()) {
            return List.of(); // a random stream forked per sample (a string built and hashed) for nothing, every step
        }
        List<float[]> values = new ArrayList<>(specs.size());
        for (NoiseSpec spec : specs) {
            values.add(new float[Math.toIntExact(batch * spec.sampleShape().size())]);
        }
        SeededRandom stepRandom = new SeededRandom(seed).fork("dropout " + step);
        long stepSeed = stepRandom.nextLong();
        for (int i = 0; i < batch; i++) {
            SeededRandom random = new SeededRandom(stepSeed).fork("sample " + (firstSample + i));
            for (int s = 0; s < specs.size(); s++) {
                NoiseSpec spec = specs.get(s);
                float scale = (float) (1 / (1 - spec.rate()));
                int perSample = Math.toIntExact(spec.sampleShape().size());
                float[] mask = values.get(s);
                for (int j = i * perSample; j < (i + 1) * perSample; j++) {
                    mask[j] = random.nextDouble() >= spec.rate() ? scale : 0f;
                }
            }
        }
        List<NdArray> masks = new ArrayList<>(specs.size());
        for (int s = 0; s < specs.size(); s++) {
            masks.add(NdArray.wrapFloats(specs.get(s).sampleShape().prepend(batch), values.get(s)));
        }
        return masks;
    }
}
