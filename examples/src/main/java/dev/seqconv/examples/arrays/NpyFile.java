package dev.seqconv.examples.arrays;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.examples.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1.0 to 3.0): the magic {@code \x93NUMPY}, a version, a header length, a
 * Python-literal header {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 500), }} padded to 64 bytes,
 * then the values in C order. Reads little- and big-endian float32, float64, int32 and int64 (float64 narrowed to
 * float32, int64 to int32 when every value fits); writes float32 little-endian, version 1.0.
 */
public final class NpyFile {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The dtype: a string such as {@code '<f4'}, or a list of fields for a structured array. */
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*(?:'([^']*)'|(\\[))");
    /** A dtype string: byte order, kind letter, width in bytes ({@code <f4}, {@code |b1}, {@code |O}, {@code <U5}). */
    private static final Pattern DTYPE = Pattern.compile("([<>|=]?)([a-zA-Z])(\\d*)");
    private static final String READS = "seqconv reads float32, float64, int32, int64 and uint8 arrays";
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFile() {
    }

    /** Reads {@code file}, refusing with a message that names it whatever this reader does not take. */
    public static NdArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (!in.hasRemaining() || in.get() != b) {
                throw bad(file, "it does not start with NumPy's magic string: it is not a .npy file");
            }
        }
        if (in.remaining() < 4) {
            throw bad(file, "it ends inside its header");
        }
        int major = in.get();
        in.get();
        long headerLength = major == 1 ? Short.toUnsignedInt(in.getShort()) : Integer.toUnsignedLong(in.getInt());
        if (major < 1 || major > 3) {
            throw bad(file, "it is .npy version " + major + "; this reader takes versions 1 to 3");
        }
        if (headerLength > in.remaining()) {
            throw bad(file, "it ends inside its header");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        in.get(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw bad(file, "its header is not one NumPy writes: " + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw bad(file, "it is in Fortran order; save it with np.ascontiguousarray(x) first");
        }
        if (descr.group(2) != null) {
            throw bad(file, "it holds a structured array (named fields); " + READS + ": save one field, e.g. "
                    + "np.save(f, x['name'].astype('float32'))");
        }
        Matcher dtype = DTYPE.matcher(descr.group(1));
        if (!dtype.matches()) {
            throw bad(file, "its dtype '" + descr.group(1) + "' is not one NumPy writes");
        }
        Shape dims = parseShape(file, shape.group(1));
        char kind = dtype.group(2).charAt(0);
        int width = dtype.group(3).isEmpty() ? 0 : Integer.parseInt(dtype.group(3));
        if (!isRead(kind, width)) {
            throw bad(file, "it holds " + typeName(kind, width) + " values (dtype '" + descr.group(1) + "'); " + READS
                    + ": convert it with x.astype('float32'), or x.astype('int32') for token ids");
        }
        in.order(dtype.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long count = dims.size();
        if (count * width != in.remaining()) {
            throw bad(file, "its header promises " + count + " values of " + width + " bytes but "
                    + in.remaining() + " bytes follow: it is truncated or corrupt");
        }
        int n = Math.toIntExact(count);
        if (kind == 'f' && (width == 4 || width == 8)) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = width == 4 ? in.getFloat() : (float) in.getDouble();
            }
            return NdArray.wrapFloats(dims, values);
        }
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            long v = width == 8 ? in.getLong() : width == 4 ? in.getInt() : Byte.toUnsignedInt(in.get());
            if (v != (int) v) {
                throw bad(file, "value " + v + " at position " + i + " is out of range for int32 (" + Integer.MIN_VALUE
                        + " to " + Integer.MAX_VALUE + "), which seqconv reads integers as");
            }
            values[i] = (int) v;
        }
        return NdArray.wrapInts(dims, values);
    }

    private static boolean isRead(char kind, int width) {
        return kind == 'f' && (width == 4 || width == 8) || kind == 'i' && (width == 4 || width == 8)
                || kind == 'u' && width == 1;
    }

    /** NumPy's name for a dtype, e.g. {@code bool}, {@code float16}, {@code object}. */
    private static String typeName(char kind, int width) {
        return switch (kind) {
            case 'b' -> "bool";
            case 'O' -> "Python object";
            case 'U' -> "Unicode string";
            case 'S', 'a' -> "byte string";
            case 'M' -> "datetime64";
            case 'm' -> "timedelta64";
            case 'V' -> "raw (void)";
            case 'f' -> "float" + 8 * width;
            case 'i' -> "int" + 8 * width;
            case 'u' -> "uint" + 8 * width;
            case 'c' -> "complex" + 8 * width;
            default -> "'" + kind + "'";
        };
    }

    /** Writes a float32 array as {@code .npy} version 1.0. */
    public static void write(Path file, NdArray array) {
        float[] values = array.toFloatArray();
        StringBuilder dims = new StringBuilder();
        for (int d : array.shape().dims()) {
            dims.append(d).append(", ");
        }
        String shape = array.shape().rank() == 1 ? dims.toString().trim() : dims.substring(0, Math.max(0, dims.length() - 2));
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }");
        while ((MAGIC.length + 4 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length())
                .put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (float v : values) {
            out.putFloat(v);
        }
        OutputFiles.writeAtomically(file, out.array());
    }

    private static Shape parseShape(Path file, String text) {
        String[] parts = text.split(",");
        int[] dims = new int[parts.length];
        int rank = 0;
        for (String part : parts) {
            if (!part.isBlank()) {
                try {
                    dims[rank++] = Integer.parseInt(part.strip());
                } catch (NumberFormatException e) {
                    throw bad(file, "its shape (" + text + ") is not a tuple of integers");
                }
            }
        }
        return Shape.of(Arrays.copyOf(dims, rank));
    }

    private static IllegalArgumentException bad(Path file, String why) {
        return new IllegalArgumentException("Cannot read " + file + " as a NumPy array: " + why);
    }
}
