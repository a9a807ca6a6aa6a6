package dev.seqconv.api.model;

import dev.seqconv.api.network.LayerNode;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code model.summary()} table for a sequential model: one row per layer with its output shape and
 * parameter count (trainable or not), then the totals: all, trainable, and non-trainable (such as
 * BatchNormalization's moving statistics). The first column widens for long names instead of truncating them.
 */
final class SummaryTable {

    private static final int SHAPE_WIDTH = 26;
    private static final int PARAMS_WIDTH = 10;

    private SummaryTable() {
    }

    static String render(String modelName, List<LayerNode> nodes) {
        int nameWidth = 29;
        for (LayerNode node : nodes) {
            nameWidth = Math.max(nameWidth, label(node).length() + 1);
        }
        int width = nameWidth + SHAPE_WIDTH + PARAMS_WIDTH;
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(modelName).append("\"\n");
        out.append("_".repeat(width)).append('\n');
        row(out, nameWidth, "Layer (type)", "Output Shape", "Param #");
        out.append("=".repeat(width)).append('\n');
        long total = 0;
        long trainable = 0;
        for (int i = 0; i < nodes.size(); i++) {
            LayerNode node = nodes.get(i);
            long params = node.build().parameterCount();
            total += params;
            trainable += node.build().trainableParameterCount();
            row(out, nameWidth, label(node), node.outputShape().toString(), Long.toString(params));
            out.append((i == nodes.size() - 1 ? "=" : "_").repeat(width)).append('\n');
        }
        out.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        out.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        out.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
        out.append("_".repeat(width)).append('\n');
        return out.toString();
    }

    private static String label(LayerNode node) {
        return node.name() + " (" + node.layer().typeName() + ")";
    }

    private static void row(StringBuilder out, int nameWidth, String name, String shape, String params) {
        out.append(pad(name, nameWidth)).append(pad(shape, SHAPE_WIDTH)).append(pad(params, PARAMS_WIDTH))
                .append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
