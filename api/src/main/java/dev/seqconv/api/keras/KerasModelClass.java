package dev.seqconv.api.keras;

/** The Keras model class a file declares; both describe a chain of layers here. */
public enum KerasModelClass {

    /** {@code Sequential}: the layers in order, an InputLayer first or not. */
    SEQUENTIAL,

    /**
     * A functional model: {@code Model} (Keras 2, tf.keras 2) or {@code Functional} (Keras 3), read only when
     * it is a single chain from its InputLayer, each layer taking exactly the previous layer's output.
     */
    FUNCTIONAL
}
