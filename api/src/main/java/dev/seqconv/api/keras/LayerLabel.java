package dev.seqconv.api.keras;

import java.util.List;

/**
 * How every message names a layer: by its Keras name and class and its place as Keras's {@code model.summary()}
 * lists it, e.g. {@code layer 'conv1d_1' (Conv1D, the 2nd layer in model.summary())}. The summary counts from 1
 * and lists what {@code model.layers} holds: a Sequential model's InputLayer is not among them (nor is it in
 * seqconv's own summary), a functional model's is, first.
 */
public final class LayerLabel {

    private LayerLabel() {
    }

    /**
     * @param summaryIndex the layer's place in {@code model.summary()}, counting from 0
     */
    public static String of(String name, String className, int summaryIndex) {
        return "layer '" + name + "' (" + className + ", the " + ordinal(summaryIndex + 1)
                + " layer in model.summary())";
    }

    /**
     * The label of {@code layers.get(index)}, a layer of a Keras configuration's list (where an InputLayer, if
     * the configuration has one, comes first).
     */
    public static String of(KerasModelClass modelClass, List<KerasLayer> layers, int index) {
        KerasLayer layer = layers.get(index);
        if (modelClass == KerasModelClass.FUNCTIONAL) {
            return of(layer.name(), layer.className(), index);
        }
        if (layer.isInputLayer()) {
            return "layer '" + layer.name() + "' (InputLayer, which a Sequential model's summary() does not list)";
        }
        int inputLayers = (int) layers.subList(0, index).stream().filter(KerasLayer::isInputLayer).count();
        return of(layer.name(), layer.className(), index - inputLayers);
    }

    /** {@code 1st}, {@code 2nd}, {@code 3rd}, {@code 4th}, ..., {@code 11th}, {@code 21st}. */
    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
