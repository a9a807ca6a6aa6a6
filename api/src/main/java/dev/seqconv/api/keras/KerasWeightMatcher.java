package dev.seqconv.api.keras;

import dev.seqconv.api.io.Hdf5Access;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives each layer of a configuration its weights from a file, in order, and checks them against what the
 * configuration implies ({@link KerasLayerShapes}, from the layer seqconv builds): their number, their shapes (a
 * Dense kernel is {@code (input features, units)}, the input features following from the layers before) and,
 * where the file names them, their names. Any mismatch refuses the whole file.
 */
final class KerasWeightMatcher {

    /** Where a format keeps each layer's weights. */
    interface Source {

        /**
         * The weights of {@code layer}, in the file's order.
         *
         * @param position the layer's position in the chain, counting any InputLayer
         * @param names the Keras names the configuration implies, or null when its class is not known here
         * @param label names the layer and its place in model.summary(), for messages ({@link LayerLabel})
         */
        List<KerasWeight> read(int position, KerasLayer layer, List<String> names, String label);
    }

    private KerasWeightMatcher() {
    }

    /** The layers with their weights from {@code source}, checked. */
    static List<KerasLayer> match(Path file, KerasModel model, Source source) {
        List<KerasLayer> layers = model.layers();
        Shape shape = model.input().shape();
        KerasLayerCodec.ReadContext context = KerasLayerCodec.ReadContext.of(model);
        List<KerasLayer> matched = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            KerasLayer layer = layers.get(i);
            String label = LayerLabel.of(model.modelClass(), layers, i);
            try {
                Optional<KerasLayerShapes.Built> built = KerasLayerShapes.build(layer, shape, context);
                List<KerasWeight> weights = source.read(i, layer, built.map(b -> b.weights().stream()
                        .map(KerasLayerShapes.Expected::name).toList()).orElse(null), label);
                built.ifPresent(b -> check(file, label, b.weights(), weights));
                matched.add(layer.withWeights(weights));
                shape = layer.isInputLayer() ? shape : built.map(KerasLayerShapes.Built::output).orElse(null);
            } catch (KerasFileException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new KerasFileException(file, label + ": " + e.getMessage(), e);
            }
        }
        return matched;
    }

    /**
     * The float32 values of a weight's dataset, after seqconv's HDF5 safety checks.
     *
     * @param where names the weight, for messages
     */
    static NdArray values(Path file, Dataset dataset, String where) {
        Hdf5Access.checkObject(dataset, where);
        Hdf5Access.checkDataset(dataset, where);
        NdArray value = NdArray.wrapFloats(Shape.of(dataset.getDimensions()), (float[]) dataset.getDataFlat());
        if (value.firstNonFinite() >= 0) {
            throw new KerasFileException(file, where + " holds NaN or infinite values (training diverged)");
        }
        return value;
    }

    private static void check(Path file, String label, List<KerasLayerShapes.Expected> expected,
                              List<KerasWeight> weights) {
        if (weights.size() != expected.size()) {
            throw new KerasFileException(file, label + " has " + weights.size() + " weights where its config "
                    + "implies " + expected.size() + " " + expected.stream().map(KerasLayerShapes.Expected::name)
                    .toList() + ": the weights were saved from another model or another Keras layer version");
        }
        for (int i = 0; i < expected.size(); i++) {
            KerasLayerShapes.Expected want = expected.get(i);
            KerasWeight got = weights.get(i);
            if (!got.name().equals(want.name())) {
                throw new KerasFileException(file, label + " weight " + i + " is named '" + got.name() + "' where "
                        + "Keras 2 and 3 name it '" + want.name() + "' (a Keras 1 file, or another layer's weights)");
            }
            if (!fits(got.value().shape(), want.shape())) {
                throw new KerasFileException(file, label + " weight '" + want.name() + "' has shape "
                        + got.value().shape() + " where its config and input imply " + want.shape()
                        + ": the weights do not belong to this configuration");
            }
        }
    }

    private static boolean fits(Shape actual, Shape expected) {
        if (actual.rank() != expected.rank()) {
            return false;
        }
        for (int axis = 0; axis < actual.rank(); axis++) {
            if (expected.dim(axis) != Shape.UNKNOWN && expected.dim(axis) != actual.dim(axis)) {
                return false;
            }
        }
        return true;
    }
}
