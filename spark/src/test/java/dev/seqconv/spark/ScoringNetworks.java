package dev.seqconv.spark;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.RMSprop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small networks for the scoring tests, as {@code .keras} bytes and as in-process predictions. */
final class ScoringNetworks {

    static final int VOCABULARY = 50;
    static final int LENGTH = 20;
    static final int STEPS = 12;
    static final int FEATURES = 3;

    private ScoringNetworks() {
    }

    /** Embedding(50, 8) → Conv1D(6, 5, relu) → GlobalMaxPooling1D → Dense(1, sigmoid), over 20 ids. */
    static Sequential ids(long seed) {
        return Sequential.builder().name("ids").input(Input.ints(LENGTH))
                .add(Embedding.of(VOCABULARY, 8))
                .add(Conv1D.of(6, 5, Activation.RELU))
                .add(GlobalMaxPooling1D.of())
                .add(Dense.of(1, Activation.SIGMOID))
                .seed(seed).build();
    }

    /** Conv1D(4, 3, relu) → GRU(5) → Dense(2), over 12 steps of 3 features: two outputs per sample. */
    static Sequential floats(long seed) {
        return Sequential.builder().name("floats").input(Input.floats(STEPS, FEATURES))
                .add(Conv1D.of(4, 3, Activation.RELU))
                .add(GRU.of(5))
                .add(Dense.of(2))
                .seed(seed).build();
    }

    /** The model's {@code .keras} archive. */
    static byte[] archive(Sequential model) {
        try {
            Path file = Files.createTempFile("scoring-test-", ".keras");
            try {
                KerasModels.save(model, file);
                return Files.readAllBytes(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code model.predict(x)} in this process, on {@code backend}. */
    static float[] predict(Sequential model, String backend, NdArray x) {
        model.compile(Backends.get(backend), new RMSprop(1e-3f), new MeanSquaredError());
        return model.predict(x).toFloatArray();
    }
}
