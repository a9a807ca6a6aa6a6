#!/bin/sh
# Compiles seqconv's TensorFlow operations into one library (run by the native-ops profile of this module's pom).
#   $1  the directory the library goes to (a resource folder of the jar)
#   $2  the directory TensorFlow Java's native jar was unpacked to, holding libtensorflow_framework.so.2 (in a
#       folder named by the platform, and by the jar's flavour for the GPU one): linked against, so that the
#       library names it as a dependency and resolves against the copy TensorFlow Java already loaded
# -ffp-contract=off: no fused multiply-add, so every CPU gives the same bits (with the sums' fixed order);
# -fno-trapping-math: the activations' selects vectorise (no floating-point exception is ever trapped here);
# -Wno-psabi: the vector helpers are static inline, so the AVX vector ABI note does not apply.
set -eu
if ! command -v gcc >/dev/null; then
    echo "[WARNING] gcc not found: the jar is built without seqconv's TensorFlow operations (the GRU and the LSTM" \
         "run as TensorFlow's own operations); install gcc to build them"
    exit 0
fi
here=$(dirname "$0")
framework=$(find "$2" -name libtensorflow_framework.so.2 | head -n 1)
if [ -z "$framework" ]; then
    echo "[ERROR] no libtensorflow_framework.so.2 under $2: the native jar's layout changed" >&2
    exit 1
fi
mkdir -p "$1"
gcc -std=c11 -O3 -ffp-contract=off -fno-trapping-math -fPIC -shared -Wall -Wextra -Wno-psabi -Werror \
    -o "$1/libseqconv_tf_ops.so" "$here"/*.c -L"$(dirname "$framework")" -l:libtensorflow_framework.so.2 -lm
