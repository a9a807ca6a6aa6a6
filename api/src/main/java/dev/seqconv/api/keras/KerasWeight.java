package dev.seqconv.api.keras;

import dev.seqconv.api.ndarray.NdArray;
import java.util.Objects;

/**
 * One weight of a Keras layer.
 *
 * @param name  its Keras name: {@code kernel}, {@code recurrent_kernel}, {@code bias}, {@code embeddings}... For
 *              legacy {@code .h5} files, the last part of the file's {@code weight_names} entry without
 *              {@code :0}; Keras 3 files store only positions, so for the classes whose order seqconv knows (Dense,
 *              Conv1D, Embedding, SimpleRNN, LSTM, GRU) the name is Keras's, and otherwise the dataset's path in
 *              the layer's group, e.g. {@code vars/0}
 * @param value its values, float32, in Keras's layout (a Dense kernel is {@code (input features, units)})
 */
public record KerasWeight(String name, NdArray value) {

    public KerasWeight {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
