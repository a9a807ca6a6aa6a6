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
 * {@link #WITH_NEW_LAYERS} is the folder of files with Bidirectional and BatchNormalization
 * ({@code seqconv.keras.models3.dir}, by default {@code keras-models-3} beside the first).
 */
public final class KerasModelsFolder {

    /** A folder of real Keras files with a {@code README.md} and one {@code <slug>.json} description per file. */
    public record Folder(String property, Path defaultDirectory, String contents) {

        /** The folder the setting names (it may be absent). */
        public Path directory() {
            return Path.of(System.getProperty(property, defaultDirectory.toString()));
        }

        /** Skips the calling test, saying why, when the folder is absent. */
        public void assumePresent() {
            assumeTrue(Files.isRegularFile(directory().resolve("README.md")), "Skipped: the real Keras model files "
                    + "are not at " + directory().toAbsolutePath() + "; set -D" + property + " to the folder holding "
                    + contents);
        }

        /** The descriptions of the model files, by slug; {@code absent} alone when the folder is absent. */
        public List<String> slugs() {
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

        /** The description {@code <slug>.json}. */
        public JsonObject description(String slug) {
            try {
                return JsonParser.parseString(Files.readString(directory().resolve(slug + ".json"))).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The twelve files of Keras 2.0.4 to 3.15.0. */
    public static final Folder OLDER = new Folder("seqconv.keras.models.dir", Path.of("../shared/keras-models"),
            "the twelve files and their .json descriptions");

    /** The seven files with Bidirectional, BatchNormalization and Activation. */
    public static final Folder WITH_NEW_LAYERS = new Folder("seqconv.keras.models3.dir",
            OLDER.directory().resolveSibling("keras-models-3"), "the seven files and their .json descriptions");

    private KerasModelsFolder() {
    }

    /** The folder of the twelve files (it may be absent). */
    public static Path directory() {
        return OLDER.directory();
    }

    /** Skips the calling test, saying why, when the folder of the twelve files is absent. */
    public static void assumePresent() {
        OLDER.assumePresent();
    }

    /** The descriptions of the twelve model files, by slug; none when the folder is absent. */
    static List<String> slugs() {
        return OLDER.slugs();
    }

    static JsonObject description(String slug) {
        return OLDER.description(slug);
    }

    /** Reads the model file a description names (with its to_json() text for a .weights.h5 file). */
    static KerasModel read(JsonObject description) {
        Path file = directory().resolve(description.get("file").getAsString());
        return description.has("config_file")
                ? KerasFiles.read(file, directory().resolve(description.get("config_file").getAsString()))
                : KerasFiles.read(file);
    }
}
