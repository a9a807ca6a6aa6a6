/**
 * Host values: {@code NdArray} (dense float32 or int32 arrays), {@code Shape} and {@code DataType}. The common
 * currency between the user, the files and the engines.
 *
 * <p>Depends on: {@code checks}.
 */
package dev.seqconv.api.ndarray;
