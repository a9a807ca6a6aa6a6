package dev.seqconv.examples;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.examples.arrays.ArrayFiles;
import dev.seqconv.examples.arrays.JsonArrays;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqconv predict --model FILE --input IN}: a Keras model's outputs for an array in a file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Runs a Keras model file on inputs from a JSON file ({\"input\": [...]}, nested lists, ints "
                + "for token ids) or a NumPy .npy file; writes {\"output\": [...]} to stdout, or to --output "
                + "(.json or .npy by its extension).")
public class PredictCommand implements Callable<Integer> {

    private final BackendChooser backends;

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "A .keras archive, a legacy .h5 file, or a .weights.h5 file (with --config).")
    Path model;

    @Option(names = "--input", paramLabel = "IN", required = true, description = "IN.json or IN.npy.")
    Path input;

    @Option(names = "--output", paramLabel = "OUT", description = "OUT.json or OUT.npy (default: JSON to stdout).")
    Path output;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Samples per batch.")
    int batchSize;

    @Mixin
    BackendOption backend;

    @Mixin
    KerasFileOptions keras;

    @Inject
    public PredictCommand(BackendChooser backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() {
        Checks.positive("--batch-size", batchSize);
        if (output != null) {
            refuseToReplace("--input", input);
            refuseToReplace("--model", model);
            refuseToReplace("--config", keras.config);
        }
        NdArray x = ArrayFiles.readInput(input);
        Integer steps = keras.timeSteps != null ? keras.timeSteps : x.shape().rank() >= 2 ? x.shape().dim(1) : null;
        try (Sequential network = keras.load(model, steps)) {
            NdArray samples = asInputType(network, x);
            NdArray y;
            try (Predictor predictor = Predictor.of(network, PredictorSettings.builder()
                    .backend(backends.choose(backend.id)).strategy(Predictor.Strategy.SESSIONS).sessions(1)
                    .maxBatchSize(batchSize).build())) {
                y = samples.mapSlices(batchSize, network.outputShape().dropFirst(), predictor::predict);
            }
            if (output == null) {
                System.out.print(JsonArrays.write("output", y));
            } else {
                ArrayFiles.writeOutput(output, y);
                System.err.println("Wrote " + output);
            }
        }
        return 0;
    }

    /**
     * Refuses an {@code --output} that is the file another option names (the same path once {@code .} and {@code ..}
     * are resolved, or the same file through a link), which writing the outputs would replace.
     */
    private void refuseToReplace(String option, Path file) {
        if (file != null && (normalized(output).equals(normalized(file))
                || Files.exists(output) && isSameFile(output, file))) {
            throw new IllegalArgumentException("--output " + output + " is the file given as " + option + " " + file
                    + ": writing the outputs there would replace it. Give --output another file, or leave it out to "
                    + "print the outputs");
        }
    }

    private static Path normalized(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // b is missing or unreadable: reading it fails with its own message
        }
    }

    /**
     * Token ids for a model that takes them, floats otherwise; numbers that are not ids (fractions, numbers beyond
     * int32, floats) are refused where ids belong.
     */
    private NdArray asInputType(Sequential network, NdArray x) {
        DataType wanted = network.input().dataType();
        if (x.dataType() == wanted) {
            return x;
        }
        if (wanted == DataType.FLOAT32) {
            int[] ids = x.toIntArray();
            float[] values = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                values[i] = ids[i];
            }
            return NdArray.wrapFloats(x.shape(), values);
        }
        String ids = "the model's first layer takes integer token ids";
        if (network.layers().get(0).layer() instanceof Embedding embedding) {
            ids += " (0 to " + (embedding.inputDim() - 1) + ")";
        }
        float[] values = x.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw new IllegalArgumentException(input + " holds " + values[i] + " at " + position(x.shape(), i)
                        + ", not a whole number, but " + ids + ": give ids as integers");
            }
            if (values[i] < Integer.MIN_VALUE || values[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(input + " holds " + String.format(Locale.ROOT, "%.0f", values[i])
                        + " at " + position(x.shape(), i) + ", out of range: " + ids);
            }
        }
        throw new IllegalArgumentException(input + " holds floating-point numbers, but " + ids + ": save the ids as "
                + "integers, e.g. x.astype('int32')");
    }

    /** The nested index, e.g. {@code [0][2]}, of the {@code flat}-th value in C order. */
    private static String position(Shape shape, int flat) {
        StringBuilder index = new StringBuilder();
        long rest = flat;
        for (int axis = shape.rank() - 1; axis >= 0; axis--) {
            index.insert(0, "[" + rest % shape.dim(axis) + "]");
            rest /= shape.dim(axis);
        }
        return index.toString();
    }
}
