package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;

/**
 * A value inside an engine: an array in native memory (eager engines) or a node of a graph (graph engines).
 *
 * <p>Only the engine that made a tensor can use it. Its {@link #shape()} may have an {@link Shape#UNKNOWN}
 * batch dimension on graph engines.
 */
public interface Tensor {

    Shape shape();

    DataType dataType();

    default int rank() {
        return shape().rank();
    }
}
