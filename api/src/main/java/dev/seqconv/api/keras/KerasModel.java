package dev.seqconv.api.keras;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Keras model file described without reference to seqconv's own layers: which format and Keras version wrote
 * it, its model class, its declared input and its chain of layers with their configurations and weights.
 * {@link KerasFiles} reads one from any of the {@link KerasFormat}s and writes one as a Keras 3 archive. Which
 * layers and settings seqconv can run is decided by whoever maps it to a seqconv model, by class name and
 * config key ({@link #configKeysByClass()}).
 *
 * @param format       the format of the file it was read from
 * @param kerasVersion the Keras version that wrote it ({@code metadata.json}'s {@code keras_version} or the legacy
 *                     file's {@code keras_version} attribute, e.g. {@code 2.3.0-tf}); empty where the file records
 *                     none, as a {@code .weights.h5} file and {@code to_json()} text
 * @param modelClass   Sequential or functional
 * @param name         the model's name in the configuration, e.g. {@code sequential_4}
 * @param input        the declared input
 * @param layers       the layers from input to output; an InputLayer, where the file has one, is the first
 */
public record KerasModel(KerasFormat format, Optional<String> kerasVersion, KerasModelClass modelClass, String name,
                         KerasInput input, List<KerasLayer> layers) {

    public KerasModel {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(kerasVersion, "kerasVersion");
        Objects.requireNonNull(modelClass, "modelClass");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(layers);
    }

    /**
     * Every layer class in the model, in order of first appearance, with the union of the config keys its layers
     * use (sorted): what a mapper to seqconv layers checks before it accepts the model, refusing any class or key
     * it does not handle by name.
     */
    public Map<String, Set<String>> configKeysByClass() {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (KerasLayer layer : layers) {
            keys.computeIfAbsent(layer.className(), c -> new TreeSet<>()).addAll(layer.config().keys());
        }
        keys.replaceAll((c, k) -> Collections.unmodifiableSet(k));
        return Collections.unmodifiableMap(keys);
    }

    /** This model with other layers. */
    KerasModel withLayers(List<KerasLayer> newLayers) {
        return new KerasModel(format, kerasVersion, modelClass, name, input, newLayers);
    }
}
