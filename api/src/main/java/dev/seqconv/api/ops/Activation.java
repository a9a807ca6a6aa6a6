package dev.seqconv.api.ops;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Keras's activations: element-wise, except softmax, which normalizes over the last axis.
 *
 * <p>Keras configs name an activation by its {@link #kerasName()}; one name, {@code hard_sigmoid}, means two
 * functions depending on the Keras version that wrote the file (Keras 2 and tf.keras 2:
 * {@link #HARD_SIGMOID_KERAS2}; Keras 3: {@link #HARD_SIGMOID}), so {@link #fromKeras(String, int)} takes the
 * version too.
 */
public enum Activation {
    /** {@code a(x) = x}. */
    LINEAR("linear", (ops, x) -> x),
    /** {@code a(x) = max(x, 0)}. */
    RELU("relu", Ops::relu),
    /** {@code a(x) = 1 / (1 + e^-x)}. */
    SIGMOID("sigmoid", Ops::sigmoid),
    /** {@code a(x) = tanh(x)}. */
    TANH("tanh", Ops::tanh),
    /** {@code a(x)[..., i] = e^{x_i} / Σ_j e^{x_j}} over the last axis (Keras's default {@code axis=-1}). */
    SOFTMAX("softmax", Ops::softmax),
    /**
     * Keras 3's {@code hard_sigmoid}: {@code a(x) = clip(x / 6 + 0.5, 0, 1)}, linear on {@code [−3, 3]}; gradient
     * {@code 1/6} there and 0 outside (TensorFlow's {@code clip_by_value} rule, which lets it through at the bounds).
     */
    HARD_SIGMOID("hard_sigmoid", 3, (ops, x) -> ops.clip(ops.add(ops.divide(x, ops.scalar(6f)), 0.5f), 0f, 1f)),
    /**
     * Keras 2's and tf.keras 2's {@code hard_sigmoid}: {@code a(x) = clip(0.2·x + 0.5, 0, 1)}, linear on
     * {@code [−2.5, 2.5]}; gradient {@code 0.2} there and 0 outside (as {@link #HARD_SIGMOID}). Files written by
     * Keras 2 that name {@code hard_sigmoid} mean this one.
     */
    HARD_SIGMOID_KERAS2("hard_sigmoid", 2, (ops, x) -> ops.clip(ops.add(ops.multiply(x, 0.2f), 0.5f), 0f, 1f));

    /** The Keras major versions {@link #fromKeras} knows. */
    private static final int FIRST_KERAS = 2;
    private static final int LAST_KERAS = 3;

    private final String kerasName;
    /** The one Keras major version whose definition this is, or 0 where all versions agree. */
    private final int kerasVersion;
    private final Computation function;

    /** An activation's computation with {@link Ops}. */
    @FunctionalInterface
    private interface Computation {
        Tensor apply(Ops ops, Tensor x);
    }

    Activation(String kerasName, Computation function) {
        this(kerasName, 0, function);
    }

    Activation(String kerasName, int kerasVersion, Computation function) {
        this.kerasName = kerasName;
        this.kerasVersion = kerasVersion;
        this.function = function;
    }

    /** {@code a(x)}. */
    public Tensor apply(Ops ops, Tensor x) {
        return function.apply(ops, x);
    }

    /** The name Keras uses, e.g. {@code relu}; {@code hard_sigmoid} for both hard sigmoids. */
    public String kerasName() {
        return kerasName;
    }

    /** Whether this is what {@link #kerasName()} means in files written by Keras {@code kerasMajorVersion}. */
    public boolean isKerasDefinition(int kerasMajorVersion) {
        return kerasVersion == 0 || kerasVersion == kerasMajorVersion;
    }

    /**
     * The activation a Keras config names, as the Keras version that wrote it defines it: {@code hard_sigmoid} is
     * {@link #HARD_SIGMOID_KERAS2} for {@code kerasMajorVersion} 2 and {@link #HARD_SIGMOID} for 3.
     *
     * @param name              the config's activation name, e.g. {@code relu}
     * @param kerasMajorVersion 2 (Keras 2, tf.keras 2) or 3
     * @throws IllegalArgumentException for another version or a name not listed by the message
     */
    public static Activation fromKeras(String name, int kerasMajorVersion) {
        if (kerasMajorVersion < FIRST_KERAS || kerasMajorVersion > LAST_KERAS) {
            throw new IllegalArgumentException("Keras major version " + kerasMajorVersion + " is not supported; "
                    + "activations are known as Keras " + FIRST_KERAS + " to " + LAST_KERAS + " define them");
        }
        return Arrays.stream(values())
                .filter(a -> a.kerasName.equals(name) && a.isKerasDefinition(kerasMajorVersion))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unsupported Keras activation '" + name
                        + "'; supported: " + Arrays.stream(values()).map(Activation::kerasName).distinct()
                        .collect(Collectors.joining(", "))));
    }
}
