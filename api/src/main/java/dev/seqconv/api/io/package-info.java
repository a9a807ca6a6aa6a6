/**
 * Files: weights in Keras 3's exact {@code .weights.h5} layout ({@code WeightsFile}; files of seqconv's earlier
 * layout still load) and training checkpoints ({@code CheckpointFile}), written atomically. {@code KerasWeightGroups}
 * is the one rule for Keras 3's weight-group names (by class and per-class counter, {@code cell/vars} for
 * recurrent layers, {@code name} attributes), used by {@code WeightsFile} and by {@code keras} for archives. A model describes its layers to this package as
 * {@code LayerLayout}s (names, class names, weight shapes); it knows nothing else of models or layers.
 *
 * <p>Depends on: {@code ndarray} (and the jhdf library). {@code Hdf5Access} opens its safe HDF5 reading to
 * {@code keras}.
 */
package dev.seqconv.api.io;
