package dev.seqconv.api.keras;

/** The three ways Keras stores a whole model, as {@link KerasFiles} reads them. */
public enum KerasFormat {

    /**
     * Keras 3's native {@code .keras} file: a zip archive of {@code config.json} (the model's
     * {@code get_config()} in Keras 3's schema: {@code module}, {@code class_name}, {@code config},
     * {@code registered_name}, {@code build_config}), {@code metadata.json} ({@code keras_version},
     * {@code date_saved}) and {@code model.weights.h5} (laid out as {@link #WEIGHTS_H5_AND_JSON}).
     */
    KERAS_ARCHIVE,

    /**
     * Keras 3's {@code model.save_weights("x.weights.h5")} file with the {@code model.to_json()} text saved beside
     * it. The HDF5 file addresses layers not by name but by class name and a per-class counter in the order of
     * {@code model.layers} ({@code layers/dense}, {@code layers/dense_1}, ...; an InputLayer has no group), each
     * with its variables in {@code vars/0}, {@code vars/1}, ...; a recurrent layer (LSTM, GRU, SimpleRNN) keeps
     * them in its cell, {@code layers/lstm/cell/vars/0..2}. Since Keras 3.7 (not in 3.3) each {@code vars} group
     * carries an attribute {@code name}: the layer's name, or the cell's ({@code lstm_cell}). Neither file
     * records the Keras version.
     */
    WEIGHTS_H5_AND_JSON,

    /**
     * The legacy full-model HDF5 file of Keras 2.0-2.2, tf.keras 2.x and Keras 3's {@code model.save("x.h5")}: root
     * attributes {@code model_config} (the JSON text), {@code keras_version} and {@code backend}; a group
     * {@code model_weights/<layer name>} per layer whose attribute {@code weight_names} lists the paths of its
     * datasets in the layer's order. The names changed between versions: {@code dense_1/kernel:0} (Keras 2),
     * {@code lstm_1/lstm_cell_1/kernel:0} (tf.keras 2), {@code sequential_3/simple_rnn_1/simple_rnn_cell/kernel}
     * (Keras 3, no {@code :0}).
     */
    LEGACY_H5
}
