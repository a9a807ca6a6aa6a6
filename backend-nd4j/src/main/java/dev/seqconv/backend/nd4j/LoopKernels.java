package dev.seqconv.backend.nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernels written as Java loops over direct buffers and heap arrays, split among {@link Parallel}'s threads
 * when the work is large enough: where libnd4j's own ops cost far more at the chapter's sizes (docs/engines.md).
 * Each returns a new dense array (the call's, {@link CallArrays}) and never writes to its inputs.
 */
final class LoopKernels {

    /** Below these sizes the loops run on the calling thread alone. */
    private static final int PARALLEL_ROWS = 4096;
    private static final int PARALLEL_ELEMENTS = 1 << 16;
    /** Values of a thread's block of an embedding gradient's sums: 1 MB, in reach of a core's L2 cache. */
    private static final int CHUNK_VALUES = 1 << 18;

    private LoopKernels() {
    }

    // Embedding lookups and their gradient: at the IMDB net's sizes libnd4j's gather and scatter_add took ~10 and
    // ~45 ms a step, these a few.

    /** {@code out[i..., :] = table[ids[i...], :]}, copying rows between the direct buffers. */
    static INDArray gather(INDArray table, INDArray ids) {
        INDArray t = DenseArrays.contiguous(table);
        int width = Math.toIntExact(t.size(1));
        long[] shape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
        shape[ids.rank()] = width;
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, shape);
        int[] rowIds = rowIds(ids);
        Parallel.forRanges(rowIds.length, rowIds.length >= PARALLEL_ROWS, (first, end) -> {
            FloatBuffer rows = t.data().asNioFloat();
            FloatBuffer gathered = out.data().asNioFloat();
            for (int n = first; n < end; n++) {
                gathered.put(n * width, rows, rowIds[n] * width, width);
            }
        });
        return out;
    }

    /**
     * {@code out[r, :] = Σ_{ids[i]=r} updates[i, :]}: each thread adds its share of the updates into a table of its
     * own; the tables are summed in order.
     */
    static INDArray scatterAddRows(INDArray updates, INDArray ids, int rows) {
        INDArray u = DenseArrays.contiguous(updates);
        int width = Math.toIntExact(u.size(u.rank() - 1));
        int[] rowIds = rowIds(ids);
        int parts = rowIds.length >= PARALLEL_ROWS ? Parallel.CORES : 1;
        float[][] tables = new float[parts][Math.multiplyExact(rows, width)];
        Parallel.forRanges(parts, parts > 1, (firstPart, endPart) -> {
            FloatBuffer source = u.data().asNioFloat();
            float[] update = new float[width];
            for (int part = firstPart; part < endPart; part++) {
                float[] partTable = tables[part];
                int end = (int) ((long) rowIds.length * (part + 1) / parts);
                for (int n = (int) ((long) rowIds.length * part / parts); n < end; n++) {
                    source.get(n * width, update);
                    DenseArrays.addInto(partTable, rowIds[n] * width, update);
                }
            }
        });
        float[] table = tables[0];
        for (int part = 1; part < parts; part++) {
            DenseArrays.addInto(table, 0, tables[part]);
        }
        return DenseArrays.fromFloats(table, rows, width);
    }

    /**
     * {@code G[r, k−1−i, f] = Σ_{b, t : ids[b, t·s + i·d] = r} ∂z[b, t, f]}, as {@code (rows, k·F)}: for each table
     * row, the output gradient of a convolution ({@code k} taps, stride {@code s}, dilation {@code d}, valid padding)
     * summed over the positions where tap {@code i} read that row, the taps in reverse order (so that at stride and
     * dilation 1 the taps of one position are one block of {@code ∂z}). For a convolution over gathered rows
     * {@code x = table[ids]}, {@code G} gives the table's and the kernel's gradients without {@code x} or
     * {@code ∂x} ({@link Nd4jConv1dLayer}). Each element sums its terms in ascending order of position. The rows
     * are cut into chunks of {@code CHUNK_VALUES} sums, split among the threads by their number of ids; a thread
     * adds its chunk's positions, in order, into a heap block and writes the block out.
     */
    static INDArray tapSums(INDArray dz, INDArray ids, int rows, int taps, int stride, int dilation) {
        int[] rowIds = rowIds(ids);
        int n = rowIds.length;
        int time = Math.toIntExact(ids.size(1));
        int outTime = Math.toIntExact(dz.size(1));
        int filters = Math.toIntExact(dz.size(2));
        int width = taps * filters;
        int[] rowStart = rowStarts(rowIds, rows);
        int chunkRows = Math.max(1, CHUNK_VALUES / width);
        int chunks = (rows + chunkRows - 1) / chunkRows;
        int[] chunkStart = new int[chunks + 1];
        for (int j = 0; j <= chunks; j++) {
            chunkStart[j] = rowStart[Math.min(j * chunkRows, rows)];
        }
        int[] positions = positionsByChunk(rowIds, chunkStart, chunkRows);
        boolean contiguous = stride == 1 && dilation == 1;
        float[] gradients = DenseArrays.floats(dz);
        INDArray g = CallArrays.uninitialized(DataType.FLOAT, rows, width);
        Parallel.forRanges(n, n >= PARALLEL_ROWS, (firstPosition, endPosition) -> {
            FloatBuffer out = g.data().asNioFloat();
            float[] sums = new float[chunkRows * width];
            int firstChunk = firstPosition == 0 ? 0 : groupAt(chunkStart, firstPosition);
            int endChunk = endPosition == n ? chunks : groupAt(chunkStart, endPosition);
            for (int j = firstChunk; j < endChunk; j++) {
                int firstRow = j * chunkRows;
                int count = Math.min(chunkRows, rows - firstRow) * width;
                Arrays.fill(sums, 0, count, 0f);
                for (int at = chunkStart[j]; at < chunkStart[j + 1]; at++) {
                    int position = positions[at];
                    int row = (rowIds[position] - firstRow) * width;
                    int b = position / time;
                    int p = position - b * time;
                    if (contiguous) {
                        // taps k−1−m for m in [first, end) read ∂z[b, p − k + 1 + m]: one block, in G's tap order
                        int first = Math.max(0, taps - 1 - p);
                        int end = Math.min(taps, outTime + taps - 1 - p);
                        DenseArrays.addInto(sums, row + first * filters, gradients,
                                (b * outTime + p - taps + 1 + first) * filters, (end - first) * filters);
                        continue;
                    }
                    for (int i = 0; i < taps && p >= i * dilation; i++) {
                        int shifted = p - i * dilation;
                        if (shifted % stride == 0 && shifted / stride < outTime) {
                            DenseArrays.addInto(sums, row + (taps - 1 - i) * filters, gradients,
                                    (b * outTime + shifted / stride) * filters, filters);
                        }
                    }
                }
                out.put(firstRow * width, sums, 0, count);
            }
        });
        return g;
    }

    /**
     * {@code y[b, t, f] = act(Σ_i P[ids[b, t·s + i·d], k−1−i, f] + bias[f])}, {@code act} ReLU or none, as
     * {@code (B, T', F)}: a convolution ({@code k} taps, stride {@code s}, dilation {@code d}, valid padding) over
     * gathered rows {@code x = table[ids]}, from the table's products with each tap, {@code P (rows, k·F)}, the taps
     * in reverse order as in {@link #tapSums} ({@link Nd4jConv1dLayer}). Read by input position: each id's row of
     * {@code P} once, its taps added into the outputs they reach, at stride and dilation 1 as one block of
     * {@code k·F} (reading by output position, 7 blocks of 32 values apart, took ~1.5× the CPU time); so each
     * output's taps in order, then the bias. The samples split among the threads.
     */
    static INDArray tapGather(INDArray projected, INDArray ids, int taps, int stride, int dilation, int outTime,
                              INDArray bias, boolean relu) {
        int[] rowIds = rowIds(ids);
        int batch = Math.toIntExact(ids.size(0));
        int time = Math.toIntExact(ids.size(1));
        int width = Math.toIntExact(projected.size(1));
        int filters = width / taps;
        float[] products = DenseArrays.floats(projected);
        float[] offsets = bias == null ? new float[filters] : DenseArrays.floats(bias);
        boolean contiguous = stride == 1 && dilation == 1;
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, batch, outTime, filters);
        Parallel.forRanges(batch, (long) batch * outTime * width >= PARALLEL_ELEMENTS, (firstSample, endSample) -> {
            FloatBuffer ys = out.data().asNioFloat();
            float[] sample = new float[outTime * filters];
            for (int b = firstSample; b < endSample; b++) {
                Arrays.fill(sample, 0f);
                for (int p = 0; p < time; p++) {
                    int row = rowIds[b * time + p] * width;
                    if (contiguous) {
                        // taps k−1−m for m in [first, end) reach y[b, p − k + 1 + m]: one block, in P's tap order
                        int first = Math.max(0, taps - 1 - p);
                        int end = Math.min(taps, outTime + taps - 1 - p);
                        DenseArrays.addInto(sample, (p - taps + 1 + first) * filters, products,
                                row + first * filters, (end - first) * filters);
                        continue;
                    }
                    for (int i = 0; i < taps && p >= i * dilation; i++) {
                        int shifted = p - i * dilation;
                        if (shifted % stride == 0 && shifted / stride < outTime) {
                            DenseArrays.addInto(sample, shifted / stride * filters, products,
                                    row + (taps - 1 - i) * filters, filters);
                        }
                    }
                }
                for (int at = 0; at < sample.length; at += filters) {
                    for (int f = 0; f < filters; f++) {
                        float z = sample[at + f] + offsets[f];
                        sample[at + f] = relu ? Math.max(0f, z) : z;
                    }
                }
                ys.put(b * sample.length, sample);
            }
        });
        return out;
    }

    /** {@code start[r]}: the number of ids below row {@code r} ({@code start[rows] = n}), every id checked. */
    private static int[] rowStarts(int[] rowIds, int rows) {
        int[] start = new int[rows + 1];
        for (int i = 0; i < rowIds.length; i++) {
            int id = rowIds[i];
            if (id < 0 || id >= rows) {
                throw new IllegalArgumentException("Id " + id + " at position " + i + " is not a row of a table of "
                        + rows + " rows: ids must lie in 0 … " + (rows - 1));
            }
            start[id + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            start[r + 1] += start[r];
        }
        return start;
    }

    /**
     * The positions {@code 0 … n − 1} grouped by chunks of {@code chunkRows} rows (a counting sort), ascending within
     * a chunk; {@code chunkStart[j]} is where chunk {@code j}'s begin.
     */
    private static int[] positionsByChunk(int[] rowIds, int[] chunkStart, int chunkRows) {
        int[] next = Arrays.copyOf(chunkStart, chunkStart.length - 1);
        int[] positions = new int[rowIds.length];
        for (int i = 0; i < rowIds.length; i++) {
            positions[next[rowIds[i] / chunkRows]++] = i;
        }
        return positions;
    }

    /** The first group in {@code start}'s order whose positions begin at or after the {@code position}-th. */
    private static int groupAt(int[] start, int position) {
        int low = 0;
        int high = start.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (start[mid] < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int[] rowIds(INDArray ids) {
        int[] values = new int[Math.toIntExact(ids.length())];
        DenseArrays.contiguous(ids).data().asNioInt().get(values);
        return values;
    }

    // Max pooling and its gradient: one sample at a time copied to the heap (libnd4j's maxpool2d and maxpool2d_bp
    // took ~2 and ~18 ms on the IMDB net's first pooling); no window spans two samples, so each thread takes its
    // own samples.

    /** {@code y[b, t, c] = max_{i < pool} x[b, t·stride + i, c]}. */
    static INDArray maxPool1d(INDArray x, int poolSize, int stride) {
        INDArray in = DenseArrays.contiguous(x);
        int batch = Math.toIntExact(in.size(0));
        int time = Math.toIntExact(in.size(1));
        int channels = Math.toIntExact(in.size(2));
        int outTime = (time - poolSize) / stride + 1;
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, batch, outTime, channels);
        Parallel.forRanges(batch, in.length() >= PARALLEL_ELEMENTS, (firstSample, endSample) -> {
            FloatBuffer xs = in.data().asNioFloat();
            FloatBuffer ys = out.data().asNioFloat();
            float[] sample = new float[time * channels];
            float[] pooled = new float[outTime * channels];
            for (int b = firstSample; b < endSample; b++) {
                xs.get(b * sample.length, sample);
                for (int t = 0; t < outTime; t++) {
                    int window = t * stride * channels;
                    int to = t * channels;
                    System.arraycopy(sample, window, pooled, to, channels);
                    for (int j = 1; j < poolSize; j++) {
                        for (int c = 0; c < channels; c++) {
                            pooled[to + c] = Math.max(pooled[to + c], sample[window + j * channels + c]);
                        }
                    }
                }
                ys.put(b * pooled.length, pooled);
            }
        });
        return out;
    }

    /** Each output's gradient goes to the first maximum of its window, as TensorFlow's {@code MaxPoolGrad}. */
    static INDArray maxPool1dGradient(INDArray x, INDArray dy, int poolSize, int stride) {
        INDArray in = DenseArrays.contiguous(x);
        INDArray g = DenseArrays.contiguous(dy);
        int batch = Math.toIntExact(in.size(0));
        int time = Math.toIntExact(in.size(1));
        int channels = Math.toIntExact(in.size(2));
        int outTime = Math.toIntExact(g.size(1));
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, in.shape());
        Parallel.forRanges(batch, in.length() >= PARALLEL_ELEMENTS, (firstSample, endSample) -> {
            FloatBuffer xs = in.data().asNioFloat();
            FloatBuffer grads = g.data().asNioFloat();
            FloatBuffer dxs = out.data().asNioFloat();
            float[] sample = new float[time * channels];
            float[] gradient = new float[outTime * channels];
            float[] dx = new float[time * channels];
            for (int b = firstSample; b < endSample; b++) {
                xs.get(b * sample.length, sample);
                grads.get(b * gradient.length, gradient);
                Arrays.fill(dx, 0f);
                for (int t = 0; t < outTime; t++) {
                    int window = t * stride * channels;
                    for (int c = 0; c < channels; c++) {
                        int best = window + c;
                        for (int j = 1; j < poolSize; j++) {
                            int at = window + j * channels + c;
                            if (sample[at] > sample[best]) {
                                best = at;
                            }
                        }
                        dx[best] += gradient[t * channels + c];
                    }
                }
                dxs.put(b * dx.length, dx);
            }
        });
        return out;
    }

    /**
     * {@code x[…, start : start + length, …]} along {@code axis} as a dense float array, by block copies: each of
     * the array's blocks along the axis gives its {@code length × inner} values from {@code start × inner} on
     * (ND4J's view and copy took 30-45 µs on the GRU's 32 × 96 kernel).
     */
    static INDArray slice(INDArray x, int axis, int start, int length) {
        AlongAxis blocks = AlongAxis.of(x, axis, length);
        int kept = length * blocks.inner();
        for (int o = 0; o < blocks.outer(); o++) {
            blocks.copy(o * blocks.block() + start * blocks.inner(), o * kept, kept);
        }
        return blocks.out();
    }

    /**
     * Padding of a float array as block copies: each of the array's blocks along {@code axis} is written between
     * its padding (libnd4j's {@code pad} took ~140 µs on a 32 × 96 array).
     */
    static INDArray pad(INDArray x, int axis, int before, int after, float value) {
        AlongAxis blocks = AlongAxis.of(x, axis, Math.toIntExact(x.size(axis)) + before + after);
        float[] head = new float[before * blocks.inner()];
        float[] tail = new float[after * blocks.inner()];
        Arrays.fill(head, value);
        Arrays.fill(tail, value);
        int block = blocks.block();
        int stride = head.length + block + tail.length;
        for (int o = 0; o < blocks.outer(); o++) {
            blocks.write(o * stride, head);
            blocks.copy(o * block, o * stride + head.length, block);
            blocks.write(o * stride + head.length + block, tail);
        }
        return blocks.out();
    }

    /**
     * A dense float array read along one axis as {@code outer} blocks of {@code block = size(axis) × inner} values,
     * and a new array {@code out} of its shape but {@code outLength} along that axis, to be written block by block.
     * The copies are JavaCPP's native ones: NIO's bulk copies, which C2 inlines with their checks at every call site,
     * made the compilation of {@code pad}'s loop 5 KB of inlined bytecode and ~130 ms of a core in the first
     * training steps (docs/engines.md, "The JIT needs time").
     */
    private record AlongAxis(FloatPointer from, INDArray out, FloatPointer to, int outer, int inner, int block) {

        static AlongAxis of(INDArray x, int axis, int outLength) {
            INDArray a = DenseArrays.contiguous(x);
            long[] shape = a.shape().clone();
            int inner = DenseArrays.size(shape, axis + 1, shape.length);
            int block = Math.toIntExact(shape[axis]) * inner;
            shape[axis] = outLength;
            INDArray out = CallArrays.uninitialized(DataType.FLOAT, shape);
            return new AlongAxis(DenseArrays.pointer(a), out, DenseArrays.pointer(out),
                    DenseArrays.size(shape, 0, axis), inner, block);
        }

        /** Copies {@code length} values from {@code at} in the input to {@code to} in {@code out}. */
        void copy(long at, long toAt, long length) {
            to.position(toAt).put(from.position(at).limit(at + length));
        }

        /** Writes {@code values} to {@code out} from {@code at} on. */
        void write(long at, float[] values) {
            to.position(at).put(values, 0, values.length);
        }
    }
}
