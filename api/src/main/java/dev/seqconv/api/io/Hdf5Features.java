package dev.seqconv.api.io;

import io.jhdf.AbstractNode;
import io.jhdf.Constants;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.Message;
import java.util.Arrays;
import java.util.Set;

/**
 * The HDF5 features seqconv's reader (jhdf 0.9.4) implements correctly, and the refusal, by name, of every other
 * one before it could load as wrong numbers or as metadata nobody verified. Checked per object, as it is read.
 */
final class Hdf5Features {

    /** What a weights file may use; every refusal ends with it. */
    static final String SUPPORTED = "seqconv reads float32 datasets (IEEE, either byte order) stored compact, "
            + "contiguous or chunked, with the gzip, shuffle, lzf and fletcher32 filters";

    private static final int EXTENSIBLE_ARRAY_INDEX = 4;
    private static final Set<Integer> FILTERS = Set.of(1, 2, Fletcher32Filter.ID, 32000);

    private Hdf5Features() {
    }

    /**
     * Refuses an object whose links or attributes are kept in dense storage (a fractal heap): jhdf 0.9.4 does not
     * verify the checksums of the heap's direct blocks, where the names and values are.
     *
     * @param where names the object in messages
     */
    static void checkObject(Node node, String where) {
        for (Message message : ((AbstractNode) node).getHeader().getMessages()) {
            long heap = message instanceof LinkInfoMessage links ? links.getFractalHeapAddress()
                    : message instanceof AttributeInfoMessage attributes ? attributes.getFractalHeapAddress()
                    : Constants.UNDEFINED_ADDRESS;
            if (heap != Constants.UNDEFINED_ADDRESS) {
                throw unsupported(where, "dense " + (message instanceof LinkInfoMessage ? "link" : "attribute")
                        + " storage (a fractal heap, as h5py writes with track_order=True or many links or "
                        + "attributes under libver='latest'), whose checksums this reader cannot verify");
            }
        }
    }

    /**
     * Refuses a dataset whose datatype, layout, filters or unwritten chunks jhdf would read wrongly.
     *
     * @param value names the value in messages; the dataset's path is added
     */
    static void checkDataset(Dataset dataset, String value) {
        String where = value + " (HDF5 dataset " + dataset.getPath() + ")";
        checkType(dataset.getDataType(), where);
        DataLayoutMessage layout = ((AbstractNode) dataset).getHeader().getMessageOfType(DataLayoutMessage.class);
        if (layout instanceof DataLayoutMessage.ChunkedDataLayoutMessageV4 v4
                && v4.getIndexingType() == EXTENSIBLE_ARRAY_INDEX) {
            throw unsupported(where, "an extensible-array chunk index (a resizable dataset under libver='latest'), "
                    + "whose index-block checksum jhdf does not verify");
        }
        if (dataset.isEmpty()) {
            throw unsupported(where, "storage that was never written (its values would be the fill value)");
        }
        if (((AbstractNode) dataset).getHeader().hasMessageOfType(FilterPipelineMessage.class)) {
            for (FilterPipelineMessage.FilterInfo filter : ((AbstractNode) dataset).getHeader()
                    .getMessageOfType(FilterPipelineMessage.class).getFilters()) {
                if (!FILTERS.contains(filter.getId())) {
                    throw unsupported(where, "the HDF5 filter '" + filter.getName() + "' (id " + filter.getId() + ")");
                }
            }
        }
        if (dataset instanceof ChunkedDataset chunked) {
            checkChunksWritten(chunked, where);
        }
    }

    /** Accepts IEEE binary32 only: jhdf reads any 4-byte float as one, whatever its fields say. */
    private static void checkType(DataType type, String where) {
        if (!(type instanceof FloatingPoint f) || f.getSize() != 4) {
            String name = type instanceof FloatingPoint ? "float" + type.getSize() * 8
                    : type.getClass().getSimpleName() + " of " + type.getSize() + " bytes";
            throw unsupported(where, "the datatype " + name);
        }
        boolean ieee = f.getSignLocation() == 31 && f.getExponentLocation() == 23 && f.getExponentSize() == 8
                && f.getMantissaLocation() == 0 && f.getMantissaSize() == 23 && f.getExponentBias() == 127
                && f.getMantissaNormalization() == 2 && f.getBitOffset() == 0 && f.getBitPrecision() == 32;
        if (!ieee) {
            throw unsupported(where, "a non-IEEE 4-byte float (sign bit " + f.getSignLocation() + ", exponent "
                    + f.getExponentSize() + " bits at " + f.getExponentLocation() + " with bias " + f.getExponentBias()
                    + ", mantissa " + f.getMantissaSize() + " bits at " + f.getMantissaLocation() + ", precision "
                    + f.getBitPrecision() + " at offset " + f.getBitOffset() + ")");
        }
    }

    /**
     * Refuses a dataset with a chunk that was never written. Its values would be the fill value (zeros by
     * default, which h5py and jhdf read alike), but Keras writes every value of every weight: such a file was not
     * written by Keras, or its writer stopped half-way, and its zeros would load as weights without a word.
     */
    private static void checkChunksWritten(ChunkedDataset dataset, String where) {
        int[] dims = dataset.getDimensions();
        int[] chunk = dataset.getChunkDimensions();
        int[] offset = new int[dims.length];
        do {
            try {
                dataset.getRawChunkBuffer(offset);
            } catch (HdfException e) {
                throw unsupported(where, "an unwritten chunk at " + Arrays.toString(offset) + " whose values are "
                        + "the fill value " + dataset.getFillValue() + " (Keras writes every value of every weight)");
            }
        } while (next(offset, dims, chunk));
    }

    /** Steps {@code offset} to the next chunk, last axis fastest; false after the last chunk. */
    private static boolean next(int[] offset, int[] dims, int[] chunk) {
        for (int axis = offset.length - 1; axis >= 0; axis--) {
            offset[axis] += chunk[axis];
            if (offset[axis] < dims[axis]) {
                return true;
            }
            offset[axis] = 0;
        }
        return false;
    }

    private static IllegalArgumentException unsupported(String where, String feature) {
        return new IllegalArgumentException(where + " uses " + feature + ", which seqconv's HDF5 reader does not "
                + "implement; " + SUPPORTED + ". Re-save the file with these (h5py: "
                + "create_dataset(name, data=array.astype('float32')) with default options)");
    }
}
