package dev.seqconv.api.model;

import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.keras.LayerLabel;
import dev.seqconv.api.layers.CallContext;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.layers.NoiseSpec;
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.layers.Weights;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Layers built one after another from an input: names, shapes, weights, and the forward pass. */
final class LayerStack {


    private final Input input;
    private final List<LayerNode> nodes;

    LayerStack(Input input, List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("A Sequential model needs at least one layer");
        }
        DataType firstType = layers.get(0).inputType();
        if (firstType != input.dataType()) {
            throw new IllegalArgumentException("The first layer (" + layers.get(0).typeName() + ") takes "
                    + firstType + " but the input is " + input.dataType() + "; declare the input with Input."
                    + (firstType == DataType.INT32 ? "ints" : "floats") + "(...)");
        }
        this.input = input;
        this.nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Shape shape = input.batchShape();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = uniqueName(layer, names);
            String label = LayerLabel.of(name, layer.typeName(), i);
            if (i > 0 && layer.inputType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(label + " takes " + layer.inputType()
                        + " and can only be the first layer");
            }
            LayerBuild build;
            try {
                build = layer.build(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
            }
            for (WeightSpec weight : build.weights()) {
                if (weight.shape().size() > NdArray.MAX_VALUES) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: its weight '%s' of shape %s "
                            + "holds %,d values, more than a Java array holds (%,d): make the layer smaller (an "
                            + "Embedding's inputDim × outputDim, a kernel's inputs × units)", label, weight.name(),
                            weight.shape(), weight.shape().size(), NdArray.MAX_VALUES));
                }
            }
            nodes.add(new LayerNode(name, layer, shape, build));
            shape = build.outputShape();
        }
    }

    Input input() {
        return input;
    }

    List<LayerNode> nodes() {
        return nodes;
    }

    Shape outputShape() {
        return nodes.get(nodes.size() - 1).outputShape();
    }

    /** Every layer as the weight files see it, in order. */
    List<LayerLayout> weightsLayout() {
        return nodes.stream().map(LayerNode::weightsLayout).toList();
    }

    /** Every weight of every layer, in order, named {@code layer/weight}. */
    List<NamedWeight> weights() {
        List<NamedWeight> weights = new ArrayList<>();
        for (LayerNode node : nodes) {
            for (WeightSpec spec : node.build().weights()) {
                weights.add(new NamedWeight(node.name() + "/" + spec.name(), spec));
            }
        }
        return weights;
    }

    /** Every dropout mask of every layer, in order, named {@code layer/mask}. */
    List<NoiseSpec> noise() {
        return nodes.stream().flatMap(node -> node.build().noise().stream()
                .map(n -> new NoiseSpec(node.name() + "/" + n.name(), n.sampleShape(), n.rate()))).toList();
    }

    /** The model's output for {@code x} in an inference call, given all weights in {@link #weights()} order. */
    Tensor forward(Ops ops, Tensor x, List<Tensor> weights) {
        return pass(ops, x, weights, null).output();
    }

    /**
     * A training call's pass over {@code x}, given all weights in {@link #weights()} order and all masks in
     * {@link #noise()} order: the output, and the new values the layers assigned to their non-trainable weights.
     */
    Pass trainingForward(Ops ops, Tensor x, List<Tensor> weights, List<Tensor> noise) {
        return pass(ops, x, weights, noise);
    }

    /**
     * The output of a pass, and each assigned weight's new value by its index in {@link #weights()}.
     */
    record Pass(Tensor output, Map<Integer, Tensor> assignments) {
    }

    /** @param noise the masks of a training call, or {@code null} for an inference call */
    private Pass pass(Ops ops, Tensor x, List<Tensor> weights, List<Tensor> noise) {
        Tensor h = x;
        Map<Integer, Tensor> assignments = new HashMap<>();
        int nextWeight = 0;
        int nextNoise = 0;
        for (LayerNode node : nodes) {
            List<WeightSpec> specs = node.build().weights();
            int noiseCount = node.build().noise().size();
            CallContext context = noise == null ? CallContext.inference()
                    : CallContext.training(noise.subList(nextNoise, nextNoise + noiseCount));
            h = node.layer().call(ops, h, Weights.of(specs, weights.subList(nextWeight, nextWeight + specs.size())),
                    context);
            for (Map.Entry<String, Tensor> assigned : context.assignments().entrySet()) {
                int index = indexOf(specs, assigned.getKey(), node);
                assignments.put(nextWeight + index, assigned.getValue());
            }
            nextWeight += specs.size();
            nextNoise += noiseCount;
        }
        return new Pass(h, assignments);
    }

    /** The index of the non-trainable weight {@code name} among {@code specs}. */
    private static int indexOf(List<WeightSpec> specs, String name, LayerNode node) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                if (specs.get(i).trainable()) {
                    throw new IllegalStateException(node.name() + " assigned its trainable weight '" + name
                            + "'; only non-trainable weights are assigned, the optimizer updates the others");
                }
                return i;
            }
        }
        throw new IllegalStateException(node.name() + " assigned a weight '" + name + "' it did not declare");
    }

    private static String uniqueName(Layer layer, Set<String> taken) {
        if (layer.name() != null) {
            if (!taken.add(layer.name())) {
                throw new IllegalArgumentException("Two layers are named '" + layer.name() + "'; layer names must be unique");
            }
            return layer.name();
        }
        String base = snakeCase(layer.typeName());
        String name = base;
        for (int n = 1; !taken.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    /** Keras's {@code to_snake_case}: {@code MaxPooling1D} → {@code max_pooling1d}, as Keras names layers and weight groups. */
    static String snakeCase(String typeName) {
        return dev.seqconv.api.io.KerasWeightGroups.snakeCase(typeName);
    }

    /** A weight with its model-wide name. */
    record NamedWeight(String name, WeightSpec spec) {
    }
}
