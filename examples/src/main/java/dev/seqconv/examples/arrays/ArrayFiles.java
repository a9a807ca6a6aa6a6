package dev.seqconv.examples.arrays;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.examples.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The array files the {@code predict} command reads and writes, chosen by extension: NumPy's {@code .npy}
 * ({@link NpyFile}) or JSON ({@link JsonArrays}: {@code {"input": [...]}} in, {@code {"output": [...]}} out).
 */
public final class ArrayFiles {

    private ArrayFiles() {
    }

    /**
     * The input array in {@code file}: {@code .npy}, or JSON with an {@code "input"} member; a batch, so with a first
     * axis (a single number is refused).
     */
    public static NdArray readInput(Path file) {
        NdArray input = read(file);
        if (input.shape().rank() == 0) {
            throw new IllegalArgumentException("Cannot use " + file + " as input: it holds a single number (shape ()), "
                    + "not a batch of samples; save it with a first axis for the samples, e.g. np.save(f, x[None])");
        }
        return input;
    }

    private static NdArray read(Path file) {
        if (isNpy(file)) {
            return NpyFile.read(file);
        }
        try {
            return JsonArrays.read(Files.readString(file, StandardCharsets.UTF_8), "input", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code output} to {@code file}: {@code .npy}, else JSON {@code {"output": [...]}}. */
    public static void writeOutput(Path file, NdArray output) {
        if (isNpy(file)) {
            NpyFile.write(file, output);
        } else {
            OutputFiles.writeAtomically(file, JsonArrays.write("output", output).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }
}
