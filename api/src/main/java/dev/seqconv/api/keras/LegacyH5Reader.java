package dev.seqconv.api.keras;

import dev.seqconv.api.io.Hdf5Access;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a legacy full-model {@code .h5} file ({@link KerasFormat#LEGACY_H5}): the configuration from the root
 * attribute {@code model_config}, the version from {@code keras_version}, and each layer's weights from
 * {@code model_weights/<layer name>}, in the order of its {@code weight_names} attribute, whose entries are the
 * datasets' paths under that group. A Sequential model's InputLayer has no group there (tf.keras 2.13); Keras 3
 * adds an empty {@code top_level_model_weights}.
 */
final class LegacyH5Reader {

    private LegacyH5Reader() {
    }

    /** @param checkConfiguration may refuse the model from its configuration, before the weights are read */
    static KerasModel read(Path file, Consumer<KerasModel> checkConfiguration) {
        try {
            return Hdf5Access.read(file, h5 -> read(file, h5, checkConfiguration));
        } catch (IllegalArgumentException e) {
            throw KerasFileException.of(file, file, "it", e);
        }
    }

    private static KerasModel read(Path file, HdfFile h5, Consumer<KerasModel> checkConfiguration) {
        Optional<String> version = text(file, h5, "keras_version");
        if (version.isPresent() && version.get().startsWith("1.")) {
            throw new KerasFileException(file, "it was written by Keras " + version.get() + ", whose layer "
                    + "configurations and weight names predate Keras 2; seqconv reads files of Keras 2.0 and later. "
                    + "Load it in Keras 2 and save it again");
        }
        if (text(file, h5, "backend").filter("theano"::equals).isPresent()) {
            throw new KerasFileException(file, "it was written with the Theano backend, whose convolution kernels "
                    + "are stored flipped; seqconv reads files written with TensorFlow, JAX or PyTorch");
        }
        String config = text(file, h5, "model_config").orElseThrow(() -> new KerasFileException(file, "the HDF5 "
                + "file has no 'model_config' attribute: it holds weights only (model.save_weights), not a whole "
                + "model; seqconv reads whole-model .h5 files (model.save), .keras archives, and .weights.h5 files "
                + "with their model.to_json() text"));
        KerasModel model = KerasModelConfig.parse(file, config, KerasFormat.LEGACY_H5, version);
        checkConfiguration.accept(model);
        if (!(h5.getChild("model_weights") instanceof Group weights)) {
            throw new KerasFileException(file, "the HDF5 file has no 'model_weights' group: the model was saved "
                    + "without its weights");
        }
        Hdf5Access.checkObject(weights, file + ": group 'model_weights'");
        Set<String> names = new HashSet<>();
        model.layers().forEach(l -> names.add(l.name()));
        for (Node child : weights.getChildren().values()) {
            if (!names.contains(child.getName()) && !weightNames(file, child).isEmpty()) {
                throw new KerasFileException(file, "model_weights holds weights " + weightNames(file, child)
                        + " for a layer '" + child.getName() + "' that model_config does not have: the file "
                        + "is inconsistent");
            }
        }
        return model.withLayers(KerasWeightMatcher.match(file, model,
                (position, layer, expected, label) -> {
                    Node group = weights.getChild(layer.name());
                    if (group == null && layer.isInputLayer()) {
                        return List.of();
                    }
                    if (!(group instanceof Group layerGroup)) {
                        throw new KerasFileException(file, "model_weights has no group for " + label
                                + ": the file was saved without this layer's weights");
                    }
                    Hdf5Access.checkObject(layerGroup, file + ": group '" + layerGroup.getPath() + "'");
                    List<KerasWeight> values = new ArrayList<>();
                    for (String path : weightNames(file, layerGroup)) {
                        String where = file + ": " + label + " weight '" + path + "'";
                        if (!(dataset(layerGroup, path) instanceof Dataset dataset)) {
                            throw new KerasFileException(file, where + " is listed in weight_names but missing");
                        }
                        values.add(new KerasWeight(KerasLayerCodecs.legacyWeightName(layer.className(), path),
                                KerasWeightMatcher.values(file, dataset, where)));
                    }
                    return values;
                }));
    }

    /** The node at {@code path} under {@code group}, or null (jhdf throws for a missing path). */
    private static Node dataset(Group group, String path) {
        try {
            return group.getByPath(path);
        } catch (HdfInvalidPathException missing) {
            return null;
        }
    }

    /** A group's {@code weight_names}; empty for an empty attribute, as Keras writes for a layer without weights. */
    private static List<String> weightNames(Path file, Node group) {
        Attribute attribute = group.getAttribute("weight_names");
        if (attribute == null) {
            throw new KerasFileException(file, "the group '" + group.getPath() + "' has no 'weight_names' "
                    + "attribute: it is not a Keras layer's weights group");
        }
        Object data = attribute.isEmpty() ? new String[0] : attribute.getData();
        if (!(data instanceof String[] names)) {
            throw new KerasFileException(file, "the attribute weight_names of '" + group.getPath() + "' is not a "
                    + "list of strings");
        }
        return List.of(names);
    }

    private static Optional<String> text(Path file, Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null || attribute.isEmpty()) {
            return Optional.empty();
        }
        Object data = attribute.getData();
        if (!(data instanceof String text)) {
            throw new KerasFileException(file, "the attribute '" + name + "' is not a string");
        }
        return Optional.of(text);
    }
}
