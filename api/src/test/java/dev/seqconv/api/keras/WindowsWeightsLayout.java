package dev.seqconv.api.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Keras 3 weights file rewritten as tf.keras 2.13 to 2.15 wrote it on Windows: each {@code vars} group's owner
 * a group at the root named by its whole path joined with backslashes ({@code layers\conv1d}). Empty
 * {@code vars} groups are left out: jhdf 0.9.4 writes a file it cannot read back when an empty group sits beside
 * groups with data.
 */
public final class WindowsWeightsLayout {

    private WindowsWeightsLayout() {
    }

    /** {@code h5} (the bytes of a weights file) in the Windows layout. */
    public static byte[] rewrite(byte[] h5) throws IOException {
        Path in = Files.createTempFile("seqconv-keras-", ".weights.h5");
        Path out = Files.createTempFile("seqconv-windows-", ".weights.h5");
        try {
            Files.write(in, h5);
            try (HdfFile source = new HdfFile(in); WritableHdfFile target = HdfFile.write(out)) {
                copy(source, target);
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    /** The {@code .keras} file {@code archive} written again as {@code file}, its weights in the Windows layout. */
    public static Path archive(Path archive, Path file) throws IOException {
        Map<String, byte[]> entries = ZipEntries.read(archive);
        entries.put("model.weights.h5", rewrite(entries.get("model.weights.h5")));
        return ZipEntries.write(file, entries);
    }

    private static void copy(Group group, WritableHdfFile target) {
        if (group.getChild("vars") instanceof Group vars && !vars.getChildren().isEmpty()) {
            String path = group.getPath().replaceAll("^/|/$", "").replace('/', '\\');
            WritableGroup owner = path.isEmpty() ? target : target.putGroup(path);
            WritableGroup copy = owner.putGroup("vars");
            for (Node node : vars.getChildren().values()) {
                copy.putDataset(node.getName(), ((Dataset) node).getData());
            }
        }
        for (Node child : group.getChildren().values()) {
            if (child instanceof Group inner && !child.getName().equals("vars")) {
                copy(inner, target);
            }
        }
    }
}
