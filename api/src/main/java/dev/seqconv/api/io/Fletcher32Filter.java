package dev.seqconv.api.io;

import io.jhdf.exceptions.HdfChecksumMismatchException;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;
import io.jhdf.filter.FilterManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * HDF5's Fletcher32 filter (id 3) as a reader must apply it: verify each chunk's checksum, then strip it.
 * jhdf 0.9.4's own filter does neither (it logs that the checksum "will not be verified" and passes the chunk
 * on, checksum bytes included), so a damaged chunk of a checksummed dataset would load as wrong numbers.
 * {@link #install()} puts this filter in place of jhdf's (jhdf's documented way to add a filter).
 */
final class Fletcher32Filter implements Filter {

    static final int ID = 3;

    /** Makes jhdf decode Fletcher32 chunks with this filter (replacing its registration is harmless). */
    static void install() {
        FilterManager.addFilter(new Fletcher32Filter());
    }

    @Override
    public int getId() {
        return ID;
    }

    @Override
    public String getName() {
        return "fletcher32";
    }

    /**
     * The chunk without its trailing checksum.
     *
     * @throws HdfChecksumMismatchException if the stored checksum is not the chunk's
     */
    @Override
    public byte[] decode(byte[] encodedData, int[] filterData) {
        if (encodedData.length < 4) {
            throw new HdfFilterException("a Fletcher32 chunk of " + encodedData.length + " bytes is shorter than "
                    + "its 4-byte checksum");
        }
        int length = encodedData.length - 4;
        int stored = ByteBuffer.wrap(encodedData, length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int computed = checksum(encodedData, length);
        // HDF5 before 1.6.3 stored the two bytes of each half swapped; the library accepts both, as here
        int swapped = ((computed & 0xff00ff00) >>> 8) | ((computed & 0x00ff00ff) << 8);
        if (stored != computed && stored != swapped) {
            throw new HdfChecksumMismatchException(stored, computed);
        }
        return Arrays.copyOf(encodedData, length);
    }

    /** HDF5's {@code H5_checksum_fletcher32}: Fletcher's checksum over big-endian 16-bit words. */
    static int checksum(byte[] data, int length) {
        long sum1 = 0;
        long sum2 = 0;
        int words = length / 2;
        int i = 0;
        while (words > 0) {
            int block = Math.min(words, 360);
            words -= block;
            for (; block > 0; block--, i += 2) {
                sum1 += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        if (length % 2 != 0) {
            sum1 += (data[i] & 0xff) << 8;
            sum2 += sum1;
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        return (int) ((sum2 << 16) | sum1);
    }
}
