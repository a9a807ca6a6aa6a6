/*
 * The loops seqconv's TensorFlow operations share: the activations, eight floats as one vector, a row vector times a
 * matrix. Built with -ffp-contract=off (no multiply-add is fused) and every sum in a fixed order, so every CPU gives
 * the same bits, the AVX2 and the baseline clones of the loops alike.
 */
#ifndef SEQCONV_KERNELS_H
#define SEQCONV_KERNELS_H

#include <stdint.h>
#include <string.h>

/* The activations, numbered as the Java side (TfNativeOps.activation) passes them. */
enum {
    ACTIVATION_LINEAR = 0,
    ACTIVATION_RELU = 1,
    ACTIVATION_SIGMOID = 2,
    ACTIVATION_TANH = 3,
    ACTIVATION_HARD_SIGMOID = 4,        /* Keras 3: clip(x / 6 + 0.5, 0, 1) */
    ACTIVATION_HARD_SIGMOID_KERAS2 = 5, /* Keras 2: clip(0.2·x + 0.5, 0, 1) */
    ACTIVATION_COUNT = 6
};

/* x[i] = a(x[i]) for i < n. */
void activate(int activation, float *restrict x, int64_t n);

/* out[j] += Σ_k v[k] · w[k·stride + j] for j < width, each sum over k in order. */
void add_row_times_matrix(const float *restrict v, int64_t rows, const float *restrict w, int64_t stride,
                          float *restrict out, int64_t width);

/* Eight floats: one AVX2 register, two SSE ones (GCC's vector extension; loads and stores through memcpy). */
typedef float Floats8 __attribute__((vector_size(32)));

/* Loads eight floats from p (any alignment). */
static inline Floats8 load8(const float *p) {
    Floats8 x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* Stores eight floats at p (any alignment). */
static inline void store8(float *p, Floats8 x) {
    memcpy(p, &x, sizeof x);
}

#endif
