/**
 * Files: weights in Keras 3's exact {@code .weights.h5} layout ({@code WeightsFile}; files of seqconv's earlier
 * layout still load) and training checkpoints ({@code CheckpointFile}). Every file seqconv replaces is written with
 * {@code AtomicFiles} (a short temporary name beside the target, renamed over it); every HDF5 file is read with
 * {@code Hdf5Reader} (one version whole, failures naming the file); {@code FileNames} refuses, with the locale to
 * use, the file names Java cannot take under a non-UTF-8 locale. {@code KerasWeightGroups}
 * is the one rule for Keras 3's weight-group names (by class and per-class counter, {@code name} attributes),
 * used by {@code WeightsFile} and by {@code keras} for archives; which {@code vars} groups a layer keeps its
 * weights in ({@code vars}, {@code cell/vars}, ...) its {@code LayerLayout} says, as the layer's Keras codec
 * (package {@code keras}) gives them.
 * {@code DecompressionLimit} puts a ceiling on inflated data (archive entries, gzip files, here and in
 * {@code datasets}). A model describes its layers to this package as
 * {@code LayerLayout}s (names, class names, weight shapes, Keras 3's vars groups); it knows nothing else of
 * models or layers.
 *
 * <p>Depends on: {@code ndarray} (and the jhdf library). {@code Hdf5Access} opens its safe HDF5 reading to
 * {@code keras}.
 */
package dev.seqconv.api.io;
