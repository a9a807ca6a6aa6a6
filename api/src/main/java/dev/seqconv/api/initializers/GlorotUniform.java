package dev.seqconv.api.initializers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;

/**
 * Glorot (Xavier) uniform, Keras's default kernel initializer: uniform in {@code [-limit, limit)} with
 * {@code limit = √(6 / (fan_in + fan_out))}. Fans as Keras computes them: for a shape
 * {@code (..., in, out)} with receptive field {@code r = Π leading dims}, {@code fan_in = in·r} and
 * {@code fan_out = out·r}; a Conv1D kernel {@code (k, c, f)} has {@code fan_in = k·c}, {@code fan_out = k·f}.
 */
public record GlorotUniform() implements Initializer {

    @Override
    public NdArray initialize(Shape shape, SeededRandom random) {
        double limit = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        return Initializer.uniform(shape, -limit, limit, random);
    }

    static double fanIn(Shape shape) {
        return switch (shape.rank()) {
            case 0 -> 1;
            case 1 -> shape.dim(0);
            default -> (double) shape.dim(-2) * receptiveField(shape);
        };
    }

    static double fanOut(Shape shape) {
        return switch (shape.rank()) {
            case 0 -> 1;
            case 1 -> shape.dim(0);
            default -> (double) shape.dim(-1) * receptiveField(shape);
        };
    }

    private static double receptiveField(Shape shape) {
        double r = 1;
        for (int axis = 0; axis < shape.rank() - 2; axis++) {
            r *= shape.dim(axis);
        }
        return r;
    }
}
