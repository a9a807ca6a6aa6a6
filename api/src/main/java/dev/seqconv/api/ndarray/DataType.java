package dev.seqconv.api.ndarray;

/** The element types seqconv moves between the host and the engines. */
public enum DataType {
    /** 32-bit IEEE floats: activations, weights, targets. */
    FLOAT32,
    /** 32-bit signed integers: token ids. */
    INT32
}
