package dev.seqconv.examples;

import dev.seqconv.api.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The files a command writes when its work is done (weights, history, curves): checked before the work starts,
 * so that hours of training never end in a save that fails, and described plainly when a write fails anyway.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Makes {@code file}'s folder if it is missing and checks that {@code file} can be written there.
     *
     * @param option the command-line option that named the file, for the message
     * @throws IllegalArgumentException naming the option, the file, why it cannot be written and what to do
     */
    static void prepare(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw cannotWrite(option, file, "it is a folder; give a file name");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw cannotWrite(option, file, "the file exists and is read-only");
        }
        Path folder = AtomicFiles.folder(file);
        try {
            Files.createDirectories(folder);
            Files.delete(AtomicFiles.temporaryFile(folder));
        } catch (FileAlreadyExistsException e) {
            throw cannotWrite(option, file, e.getFile() + " is a file, not a folder");
        } catch (IOException e) {
            throw cannotWrite(option, file, "nothing can be written in " + folder + " (" + AtomicFiles.reason(e)
                    + ")");
        }
    }

    /**
     * Writes the trained weights with {@code writer} to {@code file}. If that fails (a disk filled up or a folder
     * vanished during training), writes them to a fresh file in the temporary folder instead, so that the training
     * is not lost, and fails with both places named: the command asked for {@code file} and did not get it.
     *
     * @throws UncheckedIOException always after a failed write: why, and where the weights went if anywhere
     */
    static void saveWeights(Path file, Consumer<Path> writer) {
        try {
            writer.accept(file);
        } catch (UncheckedIOException first) {
            Path rescue;
            try {
                String name = file.getFileName().toString();
                rescue = Files.createTempFile("seqconv-", name.endsWith(".keras") ? ".keras" : ".weights.h5");
                writer.accept(rescue);
            } catch (IOException | UncheckedIOException second) {
                first.addSuppressed(second);
                throw new UncheckedIOException("Could not write the trained weights to " + file + " ("
                        + first.getMessage() + "), nor to a temporary file (" + second.getMessage() + ")",
                        first.getCause());
            }
            throw new UncheckedIOException("Could not write the trained weights to " + file + " ("
                    + first.getMessage() + "); they were saved to " + rescue + " instead: move that file where you "
                    + "want it", first.getCause());
        }
    }

    /** Writes {@code text} to {@code file} as {@link #writeAtomically} does. */
    static void writeText(Path file, String text) {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to {@code file} with {@link AtomicFiles}, so that a failed write never leaves a
     * half-written file under the final name.
     *
     * @throws UncheckedIOException naming the file and why it could not be written
     */
    public static void writeAtomically(Path file, byte[] bytes) {
        AtomicFiles.write(file, temporary -> Files.write(temporary, bytes));
    }

    /** A failed write of {@code file}, with the reason the file system gave. */
    static UncheckedIOException writeFailure(Path file, IOException e) {
        return new UncheckedIOException("Could not write " + file + ": " + AtomicFiles.reason(e), e);
    }

    private static IllegalArgumentException cannotWrite(String option, Path file, String why) {
        return new IllegalArgumentException("Cannot write " + option + " " + file + ": " + why + ". Choose a path "
                + "in a folder you can write to; nothing has been trained yet");
    }
}
