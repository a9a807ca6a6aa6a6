/**
 * Keras's model files, read and written: Keras 3 {@code .keras} archives, Keras 3 {@code .weights.h5} with a
 * {@code model.to_json()} file, and legacy full-model {@code .h5} files from Keras 2.0 to Keras 3's legacy
 * writer, read into a neutral description ({@code KerasModel}: the chain of layers with their configs and
 * weights) and written back as {@code .keras} archives ({@code KerasFiles}). Each layer type seqconv shares with
 * Keras has one codec ({@code KerasLayerCodec}: class name, config to and from the layer, where Keras 3 keeps
 * its weights), listed in {@code KerasLayerCodecs}, the one place a layer registers; {@code KerasImport} maps a
 * description onto seqconv layers and {@code KerasExport} describes seqconv layers, both by that list. The
 * weights a configuration implies come from the seqconv layer's {@code build}. Assembling the layers into a model
 * is {@code model}'s job ({@code KerasModels}); this package does not know models.
 *
 * <p>Depends on: {@code io} (safe HDF5 access, Keras 3's weight-group naming), {@code layers}, {@code ops}
 * (activations by name), {@code initializers} (written in configs), {@code ndarray} (and the gson and jhdf
 * libraries).
 */
package dev.seqconv.api.keras;
