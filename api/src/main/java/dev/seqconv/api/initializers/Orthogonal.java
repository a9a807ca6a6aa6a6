package dev.seqconv.api.initializers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;

/**
 * Keras's {@code Orthogonal}, the default recurrent kernel initializer: a matrix with orthonormal rows or columns.
 * For a shape {@code (..., cols)} with {@code rows = Π leading dims}: draw an {@code max(rows, cols) × min(rows,
 * cols)} standard normal matrix, take the {@code Q} of its QR decomposition with {@code R}'s diagonal made positive,
 * transpose it if {@code rows < cols}, and scale by {@code gain}.
 *
 * @param gain the scale of the matrix
 */
public record Orthogonal(double gain) implements Initializer {

    public Orthogonal() {
        this(1.0);
    }

    @Override
    public NdArray initialize(Shape shape, SeededRandom random) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Orthogonal needs a shape of rank 2 or more, got " + shape);
        }
        int cols = shape.dim(-1);
        int rows = Math.toIntExact(shape.size() / cols);
        int n = Math.max(rows, cols);
        int m = Math.min(rows, cols);
        double[][] q = new double[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = random.nextGaussian();
            }
        }
        // Modified Gram-Schmidt on the columns: yields the Q of the QR decomposition whose R has a positive diagonal.
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[k][i] * q[j][i];
                }
                for (int i = 0; i < n; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        float[] values = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // Q is n × m with columns q[j]; the result is Q (rows ≥ cols) or Qᵀ (rows < cols).
                values[r * cols + c] = (float) (gain * (rows >= cols ? q[c][r] : q[r][c]));
            }
        }
        return NdArray.wrapFloats(shape, values);
    }
}
