package dev.seqconv.api.keras;

import java.nio.file.Path;

/**
 * A Keras model file that seqconv refuses to read or write: damaged, incomplete, inconsistent (weights that do
 * not fit the configuration) or outside what seqconv reads (a branched graph, a nested model). The message names
 * the file and, where relevant, the layer (as {@link LayerLabel} names it) and what is supported instead. A
 * refused file never yields a partial model.
 */
public final class KerasFileException extends IllegalArgumentException {

    private final transient Path file;

    /**
     * @param file    the file refused
     * @param problem what is wrong with it, and what is supported instead
     */
    public KerasFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file    the file refused
     * @param problem what is wrong with it, and what is supported instead
     * @param cause   the failure underneath, e.g. the zip or HDF5 library's
     */
    public KerasFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /**
     * A refusal from seqconv's HDF5 reader (whose messages start with the path it read) as a refusal of
     * {@code file}; a {@code KerasFileException} is returned as it is.
     *
     * @param read the HDF5 file actually read: {@code file} itself, or a part extracted from it
     * @param part how messages name that part, e.g. {@code its model.weights.h5}; "it" when it is the file
     */
    static KerasFileException of(Path file, Path read, String part, IllegalArgumentException e) {
        if (e instanceof KerasFileException refusal) {
            return refusal;
        }
        String message = e.getMessage().replace(read.toString() + ":", part).replace(read.toString(), part);
        return new KerasFileException(file, message, e);
    }

    /** The file refused. */
    public Path file() {
        return file;
    }
}
