package dev.seqconv.api.ops;

/** Keras's activations: element-wise, except softmax, which normalizes over the last axis. */
public enum Activation {
    /** {@code a(x) = x}. */
    LINEAR("linear") {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return x;
        }
    },
    /** {@code a(x) = max(x, 0)}. */
    RELU("relu") {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.relu(x);
        }
    },
    /** {@code a(x) = 1 / (1 + e^-x)}. */
    SIGMOID("sigmoid") {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.sigmoid(x);
        }
    },
    /** {@code a(x) = tanh(x)}. */
    TANH("tanh") {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.tanh(x);
        }
    },
    /** {@code a(x)[..., i] = e^{x_i} / Σ_j e^{x_j}} over the last axis (Keras's default {@code axis=-1}). */
    SOFTMAX("softmax") {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.softmax(x);
        }
    };

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    public abstract Tensor apply(Ops ops, Tensor x);

    /** The name Keras uses, e.g. {@code relu}. */
    public String kerasName() {
        return kerasName;
    }
}
