package dev.seqconv.examples;

import dev.seqconv.api.keras.KerasFileException;
import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
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
            description = "Time steps to build for where the file leaves them unspecified (None); convert writes a "
                    + "file for that number.")
    Integer timeSteps;

    /**
     * A number of time steps to build for only to find out whether anything besides the open time steps stops
     * seqconv from running a file: large enough for any convolution or pooling window.
     */
    private static final int STAND_IN_STEPS = 1000;

    /** The model in {@code file}, built for the given time steps where the file leaves them open. */
    Sequential load(Path file) {
        return load(file, timeSteps);
    }

    /**
     * The model in {@code file}, built for {@code steps} time steps where the file leaves them open.
     *
     * @throws OpenTimeSteps if the file leaves them open, {@code steps} is null, and nothing else stops seqconv
     */
    Sequential load(Path file, Integer steps) {
        if (steps != null) {
            return loaded(file, steps);
        }
        try {
            return loaded(file, null);
        } catch (KerasFileException refused) {
            Shape input = describe(file).model().input().shape();
            if (!leavesOnlyTimeStepsOpen(input)) {
                throw refused;
            }
            // The library refuses open time steps after the layers but before building: a build for a stand-in
            // number fails with the file's other problem, if it has one, and that comes first.
            loaded(file, STAND_IN_STEPS).close();
            throw new OpenTimeSteps(file, input);
        }
    }

    /** The library's model of {@code file} (with {@code --config} for a weights file), for {@code steps} if given. */
    private Sequential loaded(Path file, Integer steps) {
        if (isWeightsOnly(file)) {
            return steps == null ? KerasModels.load(file, config) : KerasModels.load(file, config, steps);
        }
        return steps == null ? KerasModels.load(file) : KerasModels.load(file, steps);
    }

    private static boolean leavesOnlyTimeStepsOpen(Shape input) {
        return input.rank() >= 1 && input.dim(0) == Shape.UNKNOWN
                && Arrays.stream(input.dims()).skip(1).noneMatch(d -> d == Shape.UNKNOWN);
    }

    /** A model file that seqconv runs once told how many time steps to build for, in the command line's terms. */
    static final class OpenTimeSteps extends IllegalArgumentException {

        OpenTimeSteps(Path file, Shape input) {
            super(file + ": the input shape " + input.prepend(Shape.UNKNOWN) + " leaves the number of time steps "
                    + "unspecified, and seqconv builds a model for a fixed number: give it with --time-steps N "
                    + "(predict takes N from its input when the option is left out)");
        }
    }

    /**
     * What {@code file} holds, as Keras wrote it: its configuration, and its weights where they can be read (where
     * they cannot, {@link #load} says why, or first names a layer seqconv does not have).
     *
     * @throws KerasFileException if the configuration cannot be read
     */
    Contents describe(Path file) {
        AtomicReference<KerasModel> configuration = new AtomicReference<>();
        try {
            return new Contents(isWeightsOnly(file) ? KerasFiles.read(file, config, configuration::set)
                    : KerasFiles.read(file, configuration::set), true);
        } catch (KerasFileException unreadableWeights) {
            if (configuration.get() == null) {
                throw unreadableWeights;
            }
            return new Contents(configuration.get(), false);
        }
    }

    /** A file's model as read: its configuration, with the weights if {@code weightsRead}. */
    record Contents(KerasModel model, boolean weightsRead) {
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
