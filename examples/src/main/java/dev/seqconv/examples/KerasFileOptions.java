package dev.seqconv.examples;

import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that name a Keras model file for {@code inspect}, {@code convert} and {@code predict}: a Keras 3
 * {@code .keras} archive or a legacy {@code .h5} file alone, or a Keras 3 {@code .weights.h5} with its
 * {@code model.to_json()} file.
 */
public final class KerasFileOptions {

    @Option(names = "--config", paramLabel = "FILE.json",
            description = "The model.to_json() text of a Keras 3 .weights.h5 file.")
    Path config;

    @Option(names = "--time-steps", paramLabel = "N",
            description = "Time steps to build for where the file leaves them unspecified (None).")
    Integer timeSteps;

    /** The model in {@code file}, built for the given time steps where the file leaves them open. */
    Sequential load(Path file) {
        return load(file, timeSteps);
    }

    /** The model in {@code file}, built for {@code steps} time steps where the file leaves them open. */
    Sequential load(Path file, Integer steps) {
        if (isWeightsOnly(file)) {
            return KerasModels.load(file, config);
        }
        return steps != null ? KerasModels.load(file, steps) : KerasModels.load(file);
    }

    /** What {@code file} holds, as Keras wrote it. */
    KerasModel describe(Path file) {
        return isWeightsOnly(file) ? KerasFiles.read(file, config) : KerasFiles.read(file);
    }

    /** Whether {@code file} is a {@code .weights.h5} file, which needs {@code --config}. */
    private boolean isWeightsOnly(Path file) {
        if (!file.getFileName().toString().endsWith(".weights.h5")) {
            return false;
        }
        if (config == null) {
            throw new IllegalArgumentException(file + " holds weights only: give its model.to_json() text with "
                    + "--config FILE.json");
        }
        return true;
    }
}
