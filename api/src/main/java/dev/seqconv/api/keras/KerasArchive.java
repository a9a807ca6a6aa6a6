package dev.seqconv.api.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.seqconv.api.io.AtomicFiles;
import dev.seqconv.api.io.DecompressionLimit;
import dev.seqconv.api.io.Hdf5Access;
import dev.seqconv.api.ndarray.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Keras 3's {@code .keras} archive ({@link KerasFormat#KERAS_ARCHIVE}), read and written. The writer follows
 * Keras 3's schema with long-standing keys only, so that Keras 3.0 and later can load what it writes:
 * {@code metadata.json}, {@code config.json} (a {@code Sequential} whose first layer is an InputLayer with
 * {@code batch_shape}, {@code dtype}, {@code sparse} and {@code name}; every other layer's {@code config}
 * unchanged, with a {@code build_config} where its input shape is known) and {@code model.weights.h5} (see
 * {@link KerasWeightsLayout}), stored uncompressed as Keras stores them. Reading extracts {@code model.weights.h5}
 * to a temporary file, up to the Java heap's size (declared and inflated), so that a zip bomb cannot fill the
 * disk. An archive is written with
 * {@link AtomicFiles}, so a crash never leaves a partial file under the final name.
 */
final class KerasArchive {

    /** The Keras version whose layout the writer follows, recorded in {@code metadata.json}. */
    static final String LAYOUT_VERSION = "3.8.0";

    private static final String CONFIG = "config.json";
    private static final String METADATA = "metadata.json";
    private static final String WEIGHTS = "model.weights.h5";
    private static final long MAX_JSON_BYTES = 64L << 20;
    private static final DateTimeFormatter DATE_SAVED = DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");

    private KerasArchive() {
    }

    /** @param checkConfiguration may refuse the model from its configuration, before the weights are read */
    static KerasModel read(Path file, Consumer<KerasModel> checkConfiguration) {
        return read(file, checkConfiguration, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param maxWeightsBytes the most bytes {@code model.weights.h5} may declare or inflate to before it is refused,
     *                        as extracting it to a temporary file could otherwise fill the disk: the heap's size,
     *                        since every weight is read into the heap, so larger weights could never load
     */
    static KerasModel read(Path file, Consumer<KerasModel> checkConfiguration, long maxWeightsBytes) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Optional<String> version = parseMetadata(file, text(file, zip, METADATA));
            KerasModel model = KerasModelConfig.parse(file, text(file, zip, CONFIG), KerasFormat.KERAS_ARCHIVE,
                    version);
            checkConfiguration.accept(model);
            ZipEntry weights = entry(file, zip, WEIGHTS);
            String larger = String.format(Locale.ROOT, "weights larger than the Java heap (%,d bytes) could never "
                    + "be loaded, so the archive is damaged or hostile; if its weights are real, give Java a larger "
                    + "heap (-Xmx, or SEQCONV_JAVA_OPTS for ./seqconv)", maxWeightsBytes);
            if (weights.getSize() > maxWeightsBytes) {
                throw new KerasFileException(file, String.format(Locale.ROOT, "its %s declares %,d bytes: %s",
                        WEIGHTS, weights.getSize(), larger));
            }
            Path temp = Files.createTempFile("seqconv-keras-", ".weights.h5");
            try {
                try (InputStream in = new DecompressionLimit(zip.getInputStream(weights), maxWeightsBytes,
                        "its " + WEIGHTS, larger, IllegalArgumentException::new)) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                return model.withLayers(Hdf5Access.read(temp,
                        h5 -> KerasWeightsLayout.read(file, h5, model, true)));
            } catch (IllegalArgumentException e) {
                throw KerasFileException.of(file, temp, "its " + WEIGHTS, e);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (ZipException e) {
            throw new KerasFileException(file, "it is not a readable zip archive (" + e.getMessage() + "): a .keras "
                    + "file is a zip of config.json, metadata.json and model.weights.h5; this one is truncated or "
                    + "corrupt", e);
        } catch (IOException e) {
            throw new KerasFileException(file, "it could not be read (" + e.getMessage() + ")", e);
        }
    }

    private static Optional<String> parseMetadata(Path file, String json) {
        try {
            return KerasConfig.parse(json).string("keras_version");
        } catch (IllegalArgumentException e) {
            throw new KerasFileException(file, METADATA + " is not Keras's metadata: " + e.getMessage(), e);
        }
    }

    private static ZipEntry entry(Path file, ZipFile zip, String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || entry.isDirectory()) {
            throw new KerasFileException(file, "the archive has no " + name + "; a .keras file written by Keras 3 "
                    + "holds config.json, metadata.json and model.weights.h5");
        }
        return entry;
    }

    private static String text(Path file, ZipFile zip, String name) throws IOException {
        ZipEntry entry = entry(file, zip, name);
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new KerasFileException(file, name + " is larger than " + (MAX_JSON_BYTES >> 20) + " MiB, far "
                        + "beyond any model configuration");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes {@code model} to {@code target} as Keras 3 writes a {@code .keras} file.
     *
     * @throws KerasFileException if the model's weights do not fit its configuration, or hold NaN or infinity
     */
    static void write(Path target, KerasModel model) {
        checkWeights(target, model);
        AtomicFiles.write(target, archive -> {
            Path weights = AtomicFiles.temporaryFile(archive.getParent());
            try {
                Hdf5Access.write(weights, h5 -> KerasWeightsLayout.write(h5, model));
                String metadata = "{\"keras_version\": \"" + LAYOUT_VERSION + "\", \"date_saved\": \""
                        + LocalDateTime.now().format(DATE_SAVED) + "\"}";
                try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
                    stored(zip, METADATA, metadata.getBytes(StandardCharsets.UTF_8));
                    stored(zip, CONFIG, config(model).toString().getBytes(StandardCharsets.UTF_8));
                    stored(zip, WEIGHTS, Files.readAllBytes(weights));
                }
            } finally {
                AtomicFiles.deleteQuietly(weights);
            }
        });
    }

    /** Refuses a model whose weights a reader would refuse, before anything is written. */
    private static void checkWeights(Path target, KerasModel model) {
        KerasWeightMatcher.match(target, model, (position, layer, names, label) -> {
            for (KerasWeight weight : layer.weights()) {
                if (weight.value().firstNonFinite() >= 0) {
                    throw new KerasFileException(target, "not written: " + label + " weight '" + weight.name()
                            + "' holds NaN or infinite values");
                }
            }
            return layer.weights();
        });
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** {@code config.json}: the model as Keras 3's {@code Sequential.get_config()} serializes it. */
    static JsonObject config(KerasModel model) {
        JsonArray layers = new JsonArray();
        List<KerasLayer> chain = model.layers();
        KerasLayer first = chain.isEmpty() ? null : chain.get(0);
        JsonObject input = new JsonObject();
        input.add("batch_shape", shape(model.input().batchShape()));
        input.addProperty("dtype", model.input().dtype());
        input.addProperty("sparse", first != null && first.isInputLayer() && first.config().bool("sparse").orElse(false));
        input.addProperty("name", first != null && first.isInputLayer() ? first.name() : "input_layer");
        layers.add(layer(KerasLayer.INPUT_LAYER, input, null));
        Shape shape = model.input().shape();
        KerasLayerCodec.ReadContext context = KerasLayerCodec.ReadContext.of(model);
        for (KerasLayer layer : chain) {
            if (!layer.isInputLayer()) {
                layers.add(layer(layer.className(), layer.config().json(), shape));
                shape = KerasLayerShapes.output(layer, shape, context);
            }
        }
        JsonObject config = new JsonObject();
        config.addProperty("name", model.name());
        config.addProperty("trainable", true);
        config.add("layers", layers);
        JsonObject root = layer("Sequential", config, model.input().shape());
        root.addProperty("module", "keras");
        return root;
    }

    private static JsonObject layer(String className, JsonObject config, Shape input) {
        JsonObject json = new JsonObject();
        json.addProperty("module", "keras.layers");
        json.addProperty("class_name", className);
        json.add("config", config);
        json.add("registered_name", JsonNull.INSTANCE);
        if (input != null) {
            JsonObject build = new JsonObject();
            build.add("input_shape", shape(input.prepend(Shape.UNKNOWN)));
            json.add("build_config", build);
        }
        return json;
    }

    private static JsonArray shape(Shape shape) {
        JsonArray dims = new JsonArray();
        for (int dim : shape.dims()) {
            dims.add(dim == Shape.UNKNOWN ? JsonNull.INSTANCE : (JsonElement) new JsonPrimitive(dim));
        }
        return dims;
    }
}
