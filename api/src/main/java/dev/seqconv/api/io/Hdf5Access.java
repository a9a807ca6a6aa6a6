package dev.seqconv.api.io;

import dev.seqconv.api.ndarray.NdArray;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * seqconv's HDF5 plumbing for readers and writers outside this package (Keras model files). Reading: read one
 * version of a file as {@link WeightsFile} does ({@link Hdf5Reader}: checksum, truncation and in-place-rewrite
 * failures become clear messages naming the file; Fletcher32 chunks are verified), and refuse every object and dataset that uses an HDF5 feature jhdf 0.9.4
 * would read wrongly, as {@link Hdf5Features} decides. Writing: values in the form jhdf writes.
 */
public final class Hdf5Access {

    private Hdf5Access() {
    }

    /**
     * Opens {@code file} and applies {@code reader} to one version of it.
     *
     * @throws IllegalArgumentException naming the file: missing, truncated, corrupt or changed while read
     */
    public static <T> T read(Path file, Function<HdfFile, T> reader) {
        return Hdf5Reader.read(file, reader);
    }

    /**
     * Refuses a group or dataset whose links or attributes jhdf cannot verify.
     *
     * @param where names the object in messages
     * @throws IllegalArgumentException naming the feature and what is supported instead
     */
    public static void checkObject(Node node, String where) {
        Hdf5Features.checkObject(node, where);
    }

    /**
     * Refuses a dataset that is not float32 or whose layout, filters or unwritten chunks jhdf would read wrongly.
     *
     * @param where names the value in messages
     * @throws IllegalArgumentException naming the feature and what is supported instead
     */
    public static void checkDataset(Dataset dataset, String where) {
        Hdf5Features.checkDataset(dataset, where);
    }

    /**
     * Writes an HDF5 file with {@code content}.
     *
     * @throws IOException why the file could not be written (jhdf's own failures included)
     */
    public static void write(Path file, Consumer<WritableHdfFile> content) throws IOException {
        WeightsFile.writeHdf5(file, content);
    }

    /** A value as the nested Java array jhdf writes as a dataset: {@code float[][]...} of its rank. */
    public static Object nested(NdArray value) {
        return WeightsFile.nested(value);
    }
}
