package dev.seqconv.api.keras;

import dev.seqconv.api.io.Hdf5Access;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads Keras model files of Keras 2.0 to 3.x into a {@link KerasModel}, and writes one as a Keras 3
 * {@code .keras} archive. The format follows from the file name: {@code .keras} (Keras 3 archive), {@code .h5}
 * or {@code .hdf5} (legacy full model), {@code .weights.h5} (Keras 3 weights, read with the model's
 * {@code to_json()} text). Every file is read whole and checked before a model is returned: a damaged file,
 * a missing part, a branched graph or weights that do not fit the configuration are refused with a
 * {@link KerasFileException} naming the file, the layer and what is supported instead.
 *
 * <pre>{@code
 * KerasModel model = KerasFiles.read(Path.of("cnn_lstm_model.keras"));
 * model.kerasVersion();                          // Optional[3.8.0]
 * model.input().shape();                         // (60, 1)
 * for (KerasLayer layer : model.layers()) {      // InputLayer, Conv1D, MaxPooling1D, LSTM, ...
 *     layer.config().integer("units");           // Optional[50] for an LSTM
 *     layer.weights();                           // kernel (64, 200), recurrent_kernel (50, 200), bias (200)
 * }
 * KerasFiles.write(Path.of("copy.keras"), model);
 * }</pre>
 */
public final class KerasFiles {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String SUPPORTED = "seqconv reads .keras archives (Keras 3 model.save), whole-model .h5 "
            + "files (Keras 2, tf.keras 2, Keras 3 model.save(\"x.h5\")) and .weights.h5 files with their "
            + "model.to_json() text";

    private KerasFiles() {
    }

    /**
     * Reads a whole-model file: a {@code .keras} archive or a legacy {@code .h5} file.
     *
     * @throws KerasFileException naming the file and the problem
     */
    public static KerasModel read(Path file) {
        return read(file, configuration -> { });
    }

    /**
     * Reads a whole-model file as {@link #read(Path)} does, letting {@code checkConfiguration} refuse the model
     * from its configuration (layers without weights) before any weight is read: a model seqconv cannot run is
     * refused for that, whatever its weights hold.
     *
     * @throws KerasFileException naming the file and the problem
     */
    public static KerasModel read(Path file, Consumer<KerasModel> checkConfiguration) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".weights.h5")) {
            throw new KerasFileException(file, "a .weights.h5 file holds weights only; read it together with its "
                    + "model's to_json() text: KerasFiles.read(weights, json)");
        }
        if (name.endsWith(".keras")) {
            requireMagic(file, ZIP_MAGIC, "a .keras file, a zip archive");
            return KerasArchive.read(file, checkConfiguration);
        }
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            requireMagic(file, HDF5_MAGIC, "a legacy .h5 file, an HDF5 file");
            return LegacyH5Reader.read(file, checkConfiguration);
        }
        throw new KerasFileException(file, "the file name has no extension of a Keras model file; " + SUPPORTED);
    }

    /**
     * Reads a Keras 3 {@code .weights.h5} file ({@code model.save_weights}) with its model's configuration
     * ({@code model.to_json()}, saved as text).
     *
     * @throws KerasFileException naming the file and the problem
     */
    public static KerasModel read(Path weights, Path configJson) {
        return read(weights, configJson, configuration -> { });
    }

    /**
     * Reads a {@code .weights.h5} file with its configuration as {@link #read(Path, Path)} does, letting
     * {@code checkConfiguration} refuse the model from its configuration before any weight is read.
     *
     * @throws KerasFileException naming the file and the problem
     */
    public static KerasModel read(Path weights, Path configJson, Consumer<KerasModel> checkConfiguration) {
        if (!Files.isRegularFile(configJson)) {
            throw new KerasFileException(configJson, "there is no such file (the model's to_json() text for "
                    + weights.getFileName() + ")");
        }
        String json;
        try {
            json = Files.readString(configJson, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KerasFileException(configJson, "it could not be read as UTF-8 text (" + e.getMessage() + ")", e);
        }
        KerasModel model = KerasModelConfig.parse(configJson, json, KerasFormat.WEIGHTS_H5_AND_JSON, Optional.empty());
        checkConfiguration.accept(model);
        return readWeights(weights, model, true);
    }

    /**
     * Reads a Keras 3 {@code .weights.h5} file onto {@code model}'s configuration as Keras's {@code load_weights}
     * does: each layer's weights from the group of its class and per-class counter ({@code layers/dense_1}),
     * whatever the layers are named; their number and shapes are checked against the configuration.
     *
     * @return {@code model} with the file's weights
     * @throws KerasFileException naming the file, the layer and the problem
     */
    public static KerasModel readWeights(Path weights, KerasModel model) {
        return readWeights(weights, model, false);
    }

    /** @param checkNames whether a {@code vars} group's {@code name} attribute must be its layer's name */
    private static KerasModel readWeights(Path weights, KerasModel model, boolean checkNames) {
        requireMagic(weights, HDF5_MAGIC, "a .weights.h5 file, an HDF5 file");
        try {
            return model.withLayers(Hdf5Access.read(weights,
                    h5 -> KerasWeightsLayout.read(weights, h5, model, checkNames)));
        } catch (IllegalArgumentException e) {
            throw KerasFileException.of(weights, weights, "it", e);
        }
    }

    /**
     * Writes {@code model} as a Keras 3 {@code .keras} archive that Keras 3 loads with {@code load_model}. The
     * layer configurations are written as they are: a model read from a Keras 2 file keeps Keras 2's settings
     * (e.g. {@code hard_sigmoid}, which Keras 3 computes differently, or a GRU without {@code reset_after}).
     *
     * @throws KerasFileException       if the file name does not end in {@code .keras}, or the weights do not fit
     *                                  the configuration or hold NaN or infinity; nothing is written
     * @throws UncheckedIOException     if the file cannot be written; a previous file is kept
     */
    public static void write(Path file, KerasModel model) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".keras")) {
            throw new KerasFileException(file, "seqconv writes Keras models as Keras 3 .keras archives only; name "
                    + "the file *.keras");
        }
        KerasArchive.write(file, model);
    }

    /**
     * The model's configuration as Keras 3's {@code model.to_json()} writes it (the {@code config.json} of a
     * {@code .keras} archive): the text that goes with a {@code .weights.h5} file.
     */
    public static String toJson(KerasModel model) {
        return KerasArchive.config(model).toString();
    }

    /** Refuses a missing file, and one whose first bytes say it is something else than its name says. */
    private static void requireMagic(Path file, byte[] magic, String expected) {
        if (!Files.isRegularFile(file)) {
            throw new KerasFileException(file, "there is no such file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HDF5_MAGIC.length);
        } catch (IOException e) {
            throw new KerasFileException(file, "it could not be read (" + e.getMessage() + ")", e);
        }
        if (startsWith(head, magic)) {
            return;
        }
        String actual = startsWith(head, ZIP_MAGIC) ? "a zip archive (a .keras file?)"
                : startsWith(head, HDF5_MAGIC) ? "an HDF5 file (a legacy .h5 or a .weights.h5 file?)"
                : head.length == 0 ? "empty" : "neither a zip archive nor an HDF5 file";
        throw new KerasFileException(file, "its name says " + expected + ", but it is " + actual + "; " + SUPPORTED);
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
