package dev.seqconv.api.keras;

import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns a {@link KerasModel} into seqconv layers, an input shape and weights, refusing whatever seqconv would
 * not compute exactly as Keras does: each layer is read by its class's codec ({@link KerasLayerCodecs}). The
 * model package assembles the parts into a model; the rules are documented on its {@code KerasModels}.
 */
public final class KerasImport {

    private final Path file;
    private final KerasModel model;
    private final KerasLayerCodec.ReadContext context;

    /** @param file names the file in refusals */
    public KerasImport(Path file, KerasModel model) {
        this.file = file;
        this.model = model;
        this.context = KerasLayerCodec.ReadContext.of(model);
    }

    /**
     * Refuses a model seqconv cannot run from its configuration alone: the layers of {@link #layers()}. A file
     * reader calls it before reading the weights, so that an unsupported layer is named before any problem of
     * the weights.
     *
     * @throws KerasFileException naming the file, the layer and what is supported instead
     */
    public static void checkConfiguration(Path file, KerasModel configuration) {
        new KerasImport(file, configuration).layers();
    }

    /** The model's name in the file. */
    public String name() {
        return model.name();
    }

    /**
     * The seqconv layers for the configuration's layers after any InputLayer, in order, each named as in the file.
     *
     * @throws KerasFileException naming the file, the layer, its place in model.summary() and what is supported
     *                            instead
     */
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            KerasLayer layer = model.layers().get(i);
            if (!layer.isInputLayer()) {
                try {
                    layers.add(KerasLayerCodecs.read(layer, context));
                } catch (IllegalArgumentException e) {
                    throw refusal(i, e.getMessage(), e);
                }
            }
        }
        if (layers.isEmpty()) {
            throw new KerasFileException(file, "the model has no layers besides its input");
        }
        return layers;
    }

    /**
     * The shape of one sample of the input the file declares, an unspecified time dimension from
     * {@code timeSteps}; a model whose {@code first} layer is an Embedding takes int32 ids.
     *
     * @throws KerasFileException if a dimension is unspecified that seqconv needs, or the time steps are
     *                            unspecified and {@code timeSteps} is empty
     */
    public Shape inputShape(Layer first, OptionalInt timeSteps) {
        int[] dims = model.input().shape().dims();
        if (dims.length == 0) {
            throw new KerasFileException(file, "the model declares no input shape");
        }
        for (int axis = 0; axis < dims.length; axis++) {
            if (dims[axis] != Shape.UNKNOWN) {
                continue;
            }
            if (axis != 0 || dims.length < 2 && !(first instanceof Embedding)) {
                throw new KerasFileException(file, "the input shape " + model.input().shape() + " leaves a feature "
                        + "dimension unspecified; seqconv needs every dimension but time known");
            }
            String load = model.format() == KerasFormat.WEIGHTS_H5_AND_JSON
                    ? "KerasModels.load(weights, json, timeSteps)" : "KerasModels.load(file, timeSteps)";
            dims[axis] = timeSteps.orElseThrow(() -> new KerasFileException(file, "the input shape "
                    + model.input().batchShape() + " leaves the number of time steps unspecified; seqconv builds a "
                    + "model for a fixed number: load it with " + load));
        }
        return Shape.of(dims);
    }

    /**
     * The file's weights, flattened in layer order, for the {@link #layers()} built as {@code builds}.
     *
     * @throws KerasFileException if a layer's weights are not those its seqconv build declares
     */
    public List<NdArray> weights(List<LayerBuild> builds) {
        List<KerasLayer> chain = model.layers().stream().filter(l -> !l.isInputLayer()).toList();
        int offset = model.layers().size() - chain.size();
        List<NdArray> weights = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            List<KerasWeight> kerasWeights = chain.get(i).weights();
            List<String> expected = builds.get(i).weights().stream().map(w -> w.name()).toList();
            List<String> names = kerasWeights.stream().map(KerasWeight::name).toList();
            if (!names.equals(expected)) {
                throw refusal(i + offset, "its weights are " + names + " where seqconv's layer "
                        + "takes " + expected + ": the weights do not belong to this configuration", null);
            }
            kerasWeights.forEach(w -> weights.add(w.value()));
        }
        return weights;
    }

    /** @param position the layer's place in the configuration's list, counting any InputLayer */
    private KerasFileException refusal(int position, String problem, Throwable cause) {
        String message = LayerLabel.of(model.modelClass(), model.layers(), position) + ": " + problem;
        return cause == null ? new KerasFileException(file, message) : new KerasFileException(file, message, cause);
    }
}
