package dev.seqconv.api.keras;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real Keras model files: the system property {@code seqconv.keras.models.dir} (the build sets it to
 * {@code ../shared/keras-models} beside the project). Each {@code <slug>.json} describes one file.
 */
public final class KerasModelsFolder {

    private KerasModelsFolder() {
    }

    /** The folder the setting names (it may be absent). */
    public static Path directory() {
        return Path.of(System.getProperty("seqconv.keras.models.dir", "../shared/keras-models"));
    }

    /** Skips the calling test, saying why, when the folder is absent. */
    public static void assumePresent() {
        assumeTrue(Files.isRegularFile(directory().resolve("README.md")), "Skipped: the real Keras model files are "
                + "not at " + directory().toAbsolutePath() + "; set -Dseqconv.keras.models.dir to the folder "
                + "holding the twelve files and their .json descriptions");
    }

    /** The descriptions of the model files, by slug; none when the folder is absent. */
    static List<String> slugs() {
        if (!Files.isDirectory(directory())) {
            return List.of("absent");
        }
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.endsWith(".model.json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject description(String slug) {
        try {
            return JsonParser.parseString(Files.readString(directory().resolve(slug + ".json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the model file a description names (with its to_json() text for a .weights.h5 file). */
    static KerasModel read(JsonObject description) {
        Path file = directory().resolve(description.get("file").getAsString());
        return description.has("config_file")
                ? KerasFiles.read(file, directory().resolve(description.get("config_file").getAsString()))
                : KerasFiles.read(file);
    }
}
