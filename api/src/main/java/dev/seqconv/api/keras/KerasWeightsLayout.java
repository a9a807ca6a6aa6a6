package dev.seqconv.api.keras;

import dev.seqconv.api.io.Hdf5Access;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keras 3's layout of a model's weights in HDF5, as in {@code model.weights.h5} inside a {@code .keras} archive
 * and in a {@code .weights.h5} file (see {@link KerasFormat#WEIGHTS_H5_AND_JSON}): group
 * {@code layers/<snake_case class name>[_<n>]} per layer except InputLayers, counted per class in layer order;
 * in it {@code vars} with datasets {@code 0, 1, ...}; for SimpleRNN, LSTM and GRU an empty {@code vars} and the
 * weights in {@code cell/vars}; an empty root {@code vars} for the model. Each {@code vars} group has the attribute
 * {@code name} (the layer's, the cell's {@code <class>_cell}, the model's), as Keras 3.7 and later write it. The optimizer's
 * {@code optimizer/vars} is neither read nor written.
 */
final class KerasWeightsLayout {

    /** The classes whose weights Keras 3 keeps in their cell. */
    private static final Set<String> RECURRENT = Set.of("SimpleRNN", "LSTM", "GRU");
    private static final String VARS = "vars";
    private static final String CELL = "cell";

    private KerasWeightsLayout() {
    }

    /**
     * Keras 3's group name of each layer under {@code layers/}, aligned with {@code layers}; null for an
     * InputLayer, which has none.
     */
    static List<String> groupNames(List<KerasLayer> layers) {
        Map<String, Integer> used = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (KerasLayer layer : layers) {
            if (layer.isInputLayer()) {
                names.add(null);
                continue;
            }
            String base = snakeCase(layer.className());
            int count = used.merge(base, 1, Integer::sum) - 1;
            names.add(count == 0 ? base : base + "_" + count);
        }
        return names;
    }

    /** Keras's {@code naming.to_snake_case}: {@code GlobalMaxPooling1D} → {@code global_max_pooling1d}. */
    static String snakeCase(String className) {
        return className.replaceAll("\\W+", "").replaceAll("(.)([A-Z][a-z]+)", "$1_$2")
                .replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The layers with their weights from {@code h5}, checked against the configuration.
     *
     * @param file       names the file in messages (for an archive, the archive)
     * @param checkNames whether a {@code vars} group's {@code name} attribute, where there is one, must be its
     *                   layer's name (Keras's own {@code load_weights} ignores it)
     */
    static List<KerasLayer> read(Path file, HdfFile h5, KerasInput input, List<KerasLayer> layers,
                                 boolean checkNames) {
        if (!(h5.getChild("layers") instanceof Group groups)) {
            throw new KerasFileException(file, "the weights have no 'layers' group: they are not in Keras 3's "
                    + "weights layout (a legacy full-model .h5 file is read by its .h5 name)");
        }
        Hdf5Access.checkObject(groups, file + ": group 'layers'");
        List<String> names = groupNames(layers);
        Set<String> unclaimed = new HashSet<>(groups.getChildren().keySet());
        names.forEach(unclaimed::remove);
        for (String extra : unclaimed) {
            if (holdsData(groups.getChild(extra))) {
                throw new KerasFileException(file, "the weights hold a group 'layers/" + extra + "' that no layer "
                        + "of the configuration has (its groups would be " + names.stream().filter(n -> n != null)
                        .toList() + "): the weights were saved from another model");
            }
        }
        return KerasWeightMatcher.match(file, input, layers, (position, layer, weightNames, label) -> {
            String name = names.get(position);
            if (name == null) {
                return List.of();
            }
            if (!(groups.getChild(name) instanceof Group group)) {
                throw new KerasFileException(file, "the weights have no group 'layers/" + name + "' for " + label
                        + ": they were saved from another model");
            }
            Hdf5Access.checkObject(group, file + ": group 'layers/" + name + "'");
            for (String child : group.getChildren().keySet()) {
                if (!child.equals(VARS) && !child.equals(CELL)) {
                    throw new KerasFileException(file, label + " keeps weights in 'layers/" + name + "/" + child
                            + "' (a layer nesting other layers, e.g. a wrapper): seqconv reads a layer's own "
                            + "'vars' and a recurrent layer's 'cell/vars' only");
                }
            }
            Map<String, Dataset> datasets = new LinkedHashMap<>(vars(file, group, VARS, label, checkNames ? layer.name() : null));
            if (group.getChild(CELL) instanceof Group cell) {
                Hdf5Access.checkObject(cell, file + ": group 'layers/" + name + "/cell'");
                datasets.putAll(vars(file, group, CELL + "/" + VARS, label, null));
            }
            List<KerasWeight> weights = new ArrayList<>();
            for (Map.Entry<String, Dataset> dataset : datasets.entrySet()) {
                int i = weights.size();
                String where = file + ": " + label + " weight " + i + " (HDF5 dataset layers/" + name + "/"
                        + dataset.getKey() + ")";
                weights.add(new KerasWeight(weightNames != null && weightNames.size() == datasets.size()
                        ? weightNames.get(i) : dataset.getKey(), KerasWeightMatcher.values(file, dataset.getValue(), where)));
            }
            return weights;
        });
    }

    /**
     * The datasets {@code 0, 1, ...} of the {@code vars} group at {@code path} under {@code group}, by their path
     * under {@code group}, none if it is absent; checks its {@code name} attribute, where there is one, against
     * {@code owner}.
     */
    private static Map<String, Dataset> vars(Path file, Group group, String path, String label, String owner) {
        Node node = group;
        for (String part : path.split("/")) {
            node = node instanceof Group parent ? parent.getChild(part) : null;
        }
        if (!(node instanceof Group vars)) {
            return Map.of();
        }
        Hdf5Access.checkObject(vars, file + ": group '" + vars.getPath() + "'");
        Attribute name = vars.getAttribute("name");
        if (owner != null && name != null && !owner.equals(String.valueOf(name.getData()))) {
            throw new KerasFileException(file, "the weights group " + vars.getPath() + " belongs to a layer named '"
                    + name.getData() + "', but " + label + " is at that position in the configuration: the weights "
                    + "were saved from another model");
        }
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        for (int i = 0; i < vars.getChildren().size(); i++) {
            if (!(vars.getChild(Integer.toString(i)) instanceof Dataset dataset)) {
                throw new KerasFileException(file, "the weights group " + vars.getPath() + " of " + label + " holds "
                        + vars.getChildren().keySet() + " instead of the datasets 0 to "
                        + (vars.getChildren().size() - 1) + " that Keras 3 writes");
            }
            datasets.put(path + "/" + i, dataset);
        }
        return datasets;
    }

    private static boolean holdsData(Node node) {
        return node instanceof Dataset
                || node instanceof Group group && group.getChildren().values().stream().anyMatch(KerasWeightsLayout::holdsData);
    }

    /**
     * Writes the model's weights in this layout under {@code root}, the root group of a new HDF5 file. The empty
     * root {@code vars} group Keras writes for the model itself is left out: jhdf 0.9.4 writes a root group with a
     * second, dataset-less child after {@code layers} as a file it cannot read back; Keras loads a missing
     * {@code vars} group as no variables, which is what the model has.
     */
    static void write(WritableGroup root, KerasModel model) {
        WritableGroup groups = root.putGroup("layers");
        List<String> names = groupNames(model.layers());
        for (int i = 0; i < model.layers().size(); i++) {
            KerasLayer layer = model.layers().get(i);
            if (names.get(i) == null) {
                continue;
            }
            WritableGroup group = groups.putGroup(names.get(i));
            WritableGroup vars = group.putGroup(VARS);
            vars.putAttribute("name", layer.name());
            if (RECURRENT.contains(layer.className())) {
                vars = group.putGroup(CELL).putGroup(VARS);
                vars.putAttribute("name", snakeCase(layer.className()) + "_cell");
            }
            for (int w = 0; w < layer.weights().size(); w++) {
                vars.putDataset(Integer.toString(w), Hdf5Access.nested(layer.weights().get(w).value()));
            }
        }
    }
}
