/**
 * Files: weights in Keras's {@code .weights.h5} layout ({@code WeightsFile}) and training checkpoints
 * ({@code CheckpointFile}), written atomically. A model describes its layers to this package as
 * {@code LayerLayout}s (names, class names, weight shapes); it knows nothing else of models or layers.
 *
 * <p>Depends on: {@code ndarray} (and the jhdf library). {@code Hdf5Access} opens its safe HDF5 reading to
 * {@code keras}.
 */
package dev.seqconv.api.io;
