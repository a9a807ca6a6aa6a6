package dev.seqconv.api.ops;

/** The element-wise activations of Keras that the chapter's layers use. */
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
