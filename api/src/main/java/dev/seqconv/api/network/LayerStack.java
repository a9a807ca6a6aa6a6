package dev.seqconv.api.network;

import dev.seqconv.api.autodiff.TapeOps;
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
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.PlannedLayer;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Layers built one after another from an input: names, shapes, weights, and the forward pass. A model's layers
 * as {@code Sequential} builds them, shared by its training and inference code.
 *
 * <p>For an input {@code x} and layers {@code f_1 .. f_n} with weights {@code W_1 .. W_n}, the forward pass is
 * {@code y = f_n(W_n, f_{n-1}(W_{n-1}, … f_1(W_1, x)))}.
 */
public final class LayerStack {

    private final Input input;
    private final List<LayerNode> nodes;
    private final List<NamedWeight> weights;

    /**
     * Builds {@code layers} one after another from {@code input}, checking every shape.
     *
     * @throws IllegalArgumentException naming the first layer that cannot take its input
     */
    public LayerStack(Input input, List<Layer> layers) {
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
        List<LayerNode> built = new ArrayList<>();
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
            built.add(new LayerNode(name, layer, shape, build));
            shape = build.outputShape();
        }
        this.nodes = List.copyOf(built);
        this.weights = nodes.stream()
                .flatMap(node -> node.build().weights().stream().map(spec -> new NamedWeight(node.name(), spec)))
                .toList();
    }

    /** What one sample looks like. */
    public Input input() {
        return input;
    }

    /** The layers as placed, in order (unmodifiable). */
    public List<LayerNode> nodes() {
        return nodes;
    }

    /** The last layer's output shape, batch included. */
    public Shape outputShape() {
        return nodes.get(nodes.size() - 1).outputShape();
    }

    /** Every layer as the weight files see it, in order. */
    public List<LayerLayout> weightsLayout() {
        return nodes.stream().map(LayerNode::weightsLayout).toList();
    }

    /** Every weight of every layer, in order, named {@code layer/weight} (unmodifiable). */
    public List<NamedWeight> weights() {
        return weights;
    }

    /** The number of weight values (trainable or not), as Keras's {@code count_params()}. */
    public long parameterCount() {
        return nodes.stream().mapToLong(n -> n.build().parameterCount()).sum();
    }

    /**
     * Every weight's starting value, drawn on the host by its initializer from {@code seed}, in {@link #weights()}
     * order: the same seed gives the same weights on every backend.
     *
     * @throws IllegalArgumentException if the Java heap cannot hold them, with the heap they need
     */
    public ModelWeights initialWeights(long seed) {
        long values = parameterCount();
        HostMemory.requireHeap(values * Float.BYTES, String.format(Locale.ROOT, "The model's %,d weights", values));
        SeededRandom random = new SeededRandom(seed);
        return ModelWeights.of(this, weights().stream()
                .map(w -> w.spec().initializer().initialize(w.spec().shape(), random)).toList(), "Weight");
    }

    /** Every dropout mask of every layer, in order, named {@code layer/mask}. */
    public List<NoiseSpec> noise() {
        return nodes.stream().flatMap(node -> node.build().noise().stream()
                .map(n -> new NoiseSpec(node.name() + "/" + n.name(), n.sampleShape(), n.rate()))).toList();
    }

    /** The model's output for {@code x} in an inference call, given all weights in {@link #weights()} order. */
    public Tensor forward(Ops ops, Tensor x, List<Tensor> weights) {
        return pass(ops, x, weights, null).output();
    }

    /**
     * The inference function over {@code weights} (variables in {@link #weights()} order): one input {@code x}
     * (any batch size), one output, no assignments.
     */
    public FunctionDefinition predictFunction(String name, List<Variable> weights) {
        TensorSpec x = new TensorSpec("x", input.batchShape(), input.dataType());
        return new FunctionDefinition(name, List.of(x), (kernels, in) -> {
            TapeOps ops = TapeOps.inference(kernels);
            List<Tensor> w = weights.stream().map(ops::read).toList();
            return new FunctionResult(List.of(forward(ops, in.get(0), w)), List.of());
        });
    }

    /** The layers with their values in {@code weights}, as an engine's inference plan takes them. */
    public List<PlannedLayer> plannedLayers(ModelWeights weights) {
        return nodes.stream().map(node -> {
            Map<String, NdArray> values = new HashMap<>();
            node.build().weights().forEach(spec -> values.put(spec.name(), weights.get(node.name(), spec.name())));
            return new PlannedLayer(node.layer(), node.inputShape(), node.outputShape(), values);
        }).toList();
    }

    /**
     * A training call's pass over {@code x}, given all weights in {@link #weights()} order and all masks in
     * {@link #noise()} order: the output, and the new values the layers assigned to their non-trainable weights.
     */
    public Pass trainingForward(Ops ops, Tensor x, List<Tensor> weights, List<Tensor> noise) {
        return pass(ops, x, weights, noise);
    }

    /**
     * The output of a pass, and each assigned weight's new value by its model-wide name ({@link NamedWeight#name()},
     * {@code layer/weight}).
     */
    public record Pass(Tensor output, Map<String, Tensor> assignments) {
    }

    /** @param noise the masks of a training call, or {@code null} for an inference call */
    private Pass pass(Ops ops, Tensor x, List<Tensor> weights, List<Tensor> noise) {
        Tensor h = x;
        Map<String, Tensor> assignments = new HashMap<>();
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
                WeightSpec spec = nonTrainable(specs, assigned.getKey(), node);
                assignments.put(new NamedWeight(node.name(), spec).name(), assigned.getValue());
            }
            nextWeight += specs.size();
            nextNoise += noiseCount;
        }
        return new Pass(h, assignments);
    }

    /** The spec of {@code name} among {@code specs}, checked to be non-trainable. */
    private static WeightSpec nonTrainable(List<WeightSpec> specs, String name, LayerNode node) {
        WeightSpec spec = specs.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalStateException(node.name() + " assigned a weight '" + name + "' it did not declare"));
        if (spec.trainable()) {
            throw new IllegalStateException(node.name() + " assigned its trainable weight '" + name
                    + "'; only non-trainable weights are assigned, the optimizer updates the others");
        }
        return spec;
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

    /**
     * A weight with its layer's name.
     *
     * @param layer the name of the layer declaring it
     * @param spec  its name within the layer, shape, initializer and whether it trains
     */
    public record NamedWeight(String layer, WeightSpec spec) {
        /** Its model-wide name, {@code layer/weight}. */
        public String name() {
            return layer + "/" + spec.name();
        }
    }
}
