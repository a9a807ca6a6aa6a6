"""Writes the HDF5 fixtures of WeightsFileFeaturesTest: one small .weights.h5 file per h5py option.

Each file holds the weights of Dense(3) on 4 inputs in Keras's layout (layers/dense/vars/0 the (4, 3) kernel,
vars/1 the bias); the option under test applies to the kernel. The tests need only the files, not h5py.
Regenerate (h5py 3.x; these were made with h5py 3.7 on HDF5 1.10.8) from the repository root with

    python3 api/src/test/python/make_hdf5_fixtures.py api/src/test/resources/dev/seqconv/api/io/hdf5
"""
import os
import sys

import h5py
import numpy as np

KERNEL = (np.arange(12, dtype=np.float32).reshape(4, 3) - 5.5) / 8
BIAS = np.array([0.25, -0.5, 1.5], dtype=np.float32)


def weights(directory, name, libver=None, track_order=None, kernel=None, **options):
    """A weights file whose kernel is made by kernel(vars) or create_dataset(..., **options)."""
    with h5py.File(os.path.join(directory, name + ".weights.h5"), "w", libver=libver, track_order=track_order) as h5:
        h5.attrs["seqconv_format"] = "keras-weights-h5/1"
        layer = h5.create_group("layers").create_group("dense", track_order=track_order)
        layer.attrs["class_name"] = "Dense"
        if track_order:  # past 8 attributes, a group tracking their order keeps them in a fractal heap
            for i in range(9):
                layer.attrs["note%d" % i] = i
        var = layer.create_group("vars")
        if kernel:
            kernel(var)
        else:
            var.create_dataset("0", data=KERNEL.astype(options.pop("dtype", "<f4")), **options)
        var.create_dataset("1", data=BIAS)


def non_ieee_float(var):
    """A 4-byte float with exponent bias 100 instead of IEEE's 127: the same bits mean other numbers."""
    odd = h5py.h5t.IEEE_F32LE.copy()
    odd.set_ebias(100)
    var.create_dataset("0", data=KERNEL, dtype=h5py.Datatype(odd))


def unwritten_chunk(var):
    """Chunks of one row; the last row is never written, so it holds the fill value."""
    dataset = var.create_dataset("0", shape=(4, 3), dtype="<f4", chunks=(1, 3), fillvalue=7.5)
    dataset[:3] = KERNEL[:3]


def unwritten_chunk_zero_fill(var):
    """As unwritten_chunk with the default fill value, 0: h5py reads the last row as zeros, and so would jhdf."""
    dataset = var.create_dataset("0", shape=(4, 3), dtype="<f4", chunks=(1, 3), fillvalue=0)
    dataset[:3] = KERNEL[:3]


def virtual(var):
    source = var.create_dataset("source", data=KERNEL)
    layout = h5py.VirtualLayout(shape=(4, 3), dtype="<f4")
    layout[:] = h5py.VirtualSource(source)
    var.create_virtual_dataset("0", layout)


def main(directory):
    weights(directory, "plain")
    weights(directory, "big_endian", dtype=">f4")
    weights(directory, "float16", dtype="<f2")
    weights(directory, "float64", dtype="<f8")
    weights(directory, "non_ieee_float", kernel=non_ieee_float)
    weights(directory, "scaleoffset", scaleoffset=4, chunks=(4, 3))
    weights(directory, "fletcher32", fletcher32=True, chunks=(2, 3))
    weights(directory, "shuffle_gzip_fletcher32", shuffle=True, compression="gzip", fletcher32=True, chunks=(2, 3))
    weights(directory, "lzf", compression="lzf", chunks=(2, 3))
    weights(directory, "unwritten_chunk", kernel=unwritten_chunk)
    weights(directory, "unwritten_chunk_zero_fill", kernel=unwritten_chunk_zero_fill)
    # superblock v3 and v2 object headers (all Jenkins-lookup3 checksummed), a fixed-array chunk index
    weights(directory, "latest", libver="latest", fletcher32=True, chunks=(2, 3))
    weights(directory, "latest_resizable", libver="latest", chunks=(1, 3), maxshape=(None, 3))
    weights(directory, "track_order", track_order=True)
    weights(directory, "virtual", kernel=virtual)
    weights(directory, "external", external=[("external.raw", 0, h5py.h5f.UNLIMITED)])
    os.remove("external.raw")  # the test needs only the reference to it


if __name__ == "__main__":
    main(sys.argv[1])
