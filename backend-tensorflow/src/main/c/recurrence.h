/*
 * What seqconv's recurrent operations share: the activations, a row vector times a matrix, and a TensorFlow kernel
 * that reads the gates' inputs side by side (batch, time, gates·units), the recurrent kernel (units, gates·units)
 * and optionally a recurrent bias (gates·units), and gives every step's state (batch, time, units).
 *
 * Built with -ffp-contract=off (no multiply-add is fused) and every sum in a fixed order, so every CPU gives the same
 * bits, the AVX2 and the baseline clones of the loops alike.
 */
#ifndef SEQCONV_RECURRENCE_H
#define SEQCONV_RECURRENCE_H

#include "tf_kernel_api.h"

/* The activations, numbered as the Java side (TfRecurrences.number) passes them. */
enum {
    ACTIVATION_LINEAR = 0,
    ACTIVATION_RELU = 1,
    ACTIVATION_SIGMOID = 2,
    ACTIVATION_TANH = 3,
    ACTIVATION_HARD_SIGMOID = 4,        /* Keras 3: clip(x / 6 + 0.5, 0, 1) */
    ACTIVATION_HARD_SIGMOID_KERAS2 = 5, /* Keras 2: clip(0.2·x + 0.5, 0, 1) */
    ACTIVATION_COUNT = 6
};

/* A kernel's attributes: reset_after (GRU only; 1 otherwise), activation, recurrent_activation. */
typedef struct {
    int reset_after;
    int activation;
    int recurrent_activation;
} RecurrenceConfig;

/* x[i] = a(x[i]) for i < n. */
void activate(int activation, float *restrict x, int64_t n);

/* out[j] += Σ_k v[k] · w[k·stride + j] for j < width, each sum over k in order. */
void add_row_times_matrix(const float *restrict v, int64_t rows, const float *restrict w, int64_t stride,
                          float *restrict out, int64_t width);

/*
 * One sample's sequence: inputs its (time, gates·units) rows, gate g's input at columns [g·units, (g + 1)·units);
 * states its (time, units) output; scratch RECURRENCE_SCRATCH·units floats.
 */
typedef void (*SequenceFunction)(const RecurrenceConfig *config, int64_t time, int64_t units, const float *inputs,
                                 const float *recurrent_kernel, const float *recurrent_bias, float *states,
                                 float *scratch);

#define RECURRENCE_SCRATCH 8

/* A recurrence as a TensorFlow operation on the CPU. */
typedef struct {
    const char *name;
    int gates;
    int has_recurrent_bias;   /* a last input (gates·units) */
    int has_reset_after;      /* a reset_after attribute */
    const char *recurrent_specs[3]; /* after "inputs: float": the recurrent kernel (and bias), NULL-terminated */
    SequenceFunction sequence;
} Recurrence;

/*
 * A kernel instance of `recurrence` with the attributes of `ctx`: what `create` (below) returns. TensorFlow's
 * create callback has no user data, so each operation's own create function calls this with its Recurrence.
 */
void *create_recurrence_kernel(TF_OpKernelConstruction *ctx, const Recurrence *recurrence);

/*
 * Registers the operation and its CPU kernel (created by `create`, which calls create_recurrence_kernel); the
 * states' shape is the first input's. Called from each operation's library constructor: TF_LoadLibrary lists the
 * operations registered while it opens the library.
 */
void register_recurrence(const Recurrence *recurrence, void *(*create)(TF_OpKernelConstruction *));

#endif
