package dev.seqconv.backend.nd4j;

import static dev.seqconv.backend.nd4j.Nd4jTensor.arrayOf;

import dev.seqconv.api.ops.RmspropStep;
import dev.seqconv.api.spi.RmspropKernel;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RMSprop's update ({@link RmspropStep}) as one loop over the weight, copied to the heap a chunk at a time, on all
 * cores for large weights: composed, it is eight libnd4j operations a weight (~25 µs each on small weights,
 * ~2 ms in all on the IMDB net's 1.28 M embedding weights). Same float32 operations in the same order as the
 * composed form.
 *
 * <p>Each part is a small method of its own, for the JIT: the chunk loop with JavaCPP's native copies
 * ({@link Update#run}), the arithmetic ({@link #update}). With NIO's bulk copies and the loop in one lambda, C2
 * took 0.3-1.3 s of a core to compile it in the first steps (docs/engines.md, "The JIT needs time").
 */
final class Nd4jRmsprop implements RmspropKernel {

    /** Below this many weights one thread does the loop. */
    private static final int GRAIN = 1 << 16;
    /** Values copied to the heap at a time, so that the loop runs over arrays (which the JIT vectorizes). */
    private static final int CHUNK = 4096;
    /**
     * Values updated by one call of {@link #update}: few enough that the chapter's smallest net (the Jena Conv1D,
     * 12.6 K weights) makes ~200 calls a step.
     */
    private static final int BLOCK = 64;

    @Override
    public RmspropStep.Result apply(RmspropStep step) {
        INDArray w = DenseArrays.contiguous(arrayOf(step.weight()));
        INDArray g = DenseArrays.contiguous(arrayOf(step.gradient()));
        INDArray s = DenseArrays.contiguous(arrayOf(step.meanSquare()));
        INDArray newWeight = CallArrays.uninitialized(DataType.FLOAT, w.shape());
        INDArray newMeanSquare = CallArrays.uninitialized(DataType.FLOAT, w.shape());
        Update update = new Update(DenseArrays.pointer(w), DenseArrays.pointer(g), DenseArrays.pointer(s),
                DenseArrays.pointer(newWeight), DenseArrays.pointer(newMeanSquare), step.learningRate(), step.rho(),
                1f - step.rho(), step.epsilon());
        int n = Math.toIntExact(w.length());
        Parallel.forRanges(n, n >= GRAIN, update::run);
        return new RmspropStep.Result(new Nd4jTensor(newWeight), new Nd4jTensor(newMeanSquare));
    }

    /**
     * One weight's update: where its five arrays lie (shared by the tasks, which move copies of the pointers) and
     * the coefficients, {@code decay = 1 − ρ}.
     */
    private record Update(FloatPointer weight, FloatPointer gradient, FloatPointer meanSquare, FloatPointer newWeight,
                          FloatPointer newMeanSquare, float lr, float rho, float decay, float epsilon) {

        /** Updates values {@code first … end − 1}, a chunk at a time through the heap. */
        void run(int first, int end) {
            FloatPointer weights = new FloatPointer(weight);
            FloatPointer gradients = new FloatPointer(gradient);
            FloatPointer squares = new FloatPointer(meanSquare);
            FloatPointer weightsOut = new FloatPointer(newWeight);
            FloatPointer squaresOut = new FloatPointer(newMeanSquare);
            float[] wi = new float[CHUNK];
            float[] gi = new float[CHUNK];
            float[] si = new float[CHUNK];
            for (int from = first; from < end; from += CHUNK) {
                int length = Math.min(CHUNK, end - from);
                weights.position(from).get(wi, 0, length);
                gradients.position(from).get(gi, 0, length);
                squares.position(from).get(si, 0, length);
                for (int at = 0; at < length; at += BLOCK) {
                    update(wi, gi, si, at, Math.min(at + BLOCK, length), lr, rho, decay, epsilon);
                }
                squaresOut.position(from).put(si, 0, length);
                weightsOut.position(from).put(wi, 0, length);
            }
        }
    }

    /**
     * {@code s ← ρ·s + (1 − ρ)·g²; w ← w − lr·g / (√s + ε)} on values {@code from … end − 1}, in place: a method of
     * its own, called once a block, so that C2 compiles it in the first steps. HotSpot compiles a method with C2
     * only after ~600 calls (its loops may run compiled on stack replacement before, entered part-way); as the
     * body of the kernel's task, called once a weight, the loop ran in C1's slower profiling code for ~20 steps of
     * the Jena Conv1D net (docs/engines.md).
     */
    private static void update(float[] w, float[] g, float[] s, int from, int end, float lr, float rho, float decay,
                               float epsilon) {
        for (int i = from; i < end; i++) {
            s[i] = s[i] * rho + g[i] * g[i] * decay;
            w[i] = w[i] - g[i] * lr / ((float) Math.sqrt(s[i]) + epsilon);
        }
    }
}
