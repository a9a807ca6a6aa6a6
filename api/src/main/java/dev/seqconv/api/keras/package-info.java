/**
 * Keras's model files as Keras wrote them: Keras 3 {@code .keras} archives, Keras 3 {@code .weights.h5} with a
 * {@code model.to_json()} file, and legacy full-model {@code .h5} files from Keras 2.0 to Keras 3's legacy
 * writer, read into a neutral description ({@code KerasModel}: the chain of layers with their configs and
 * weights) and written back as {@code .keras} archives ({@code KerasFiles}). It does not decide which layers
 * seqconv can run; mapping a description onto seqconv's layers is {@code model}'s job.
 *
 * <p>Depends on: {@code io} (safe HDF5 access, Keras 3's weight-group naming), {@code ndarray} (and the gson and jhdf libraries).
 */
package dev.seqconv.api.keras;
