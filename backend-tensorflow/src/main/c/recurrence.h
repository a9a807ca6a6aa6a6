/*
 * What seqconv's recurrent operations share: a TensorFlow kernel that reads the layer's input (batch, time,
 * features) with its kernel (features, gates·units) and bias (gates·units), the recurrent kernel (units, gates·units)
 * and optionally a recurrent bias (gates·units), projects each step's input itself (no (batch, time, gates·units)
 * tensor is ever made), and gives every step's state (batch, time, units) or the last (batch, units): two operations
 * per recurrence.
 */
#ifndef SEQCONV_RECURRENCE_H
#define SEQCONV_RECURRENCE_H

#include "kernels.h"
#include "operation.h"

/* A kernel's attributes: reset_after (GRU only; 1 otherwise), activation, recurrent_activation. */
typedef struct {
    int reset_after;
    int activation;
    int recurrent_activation;
} RecurrenceConfig;

/* One sample's sequence and where its states go. */
typedef struct {
    int64_t time, features, units;
    const float *input;            /* (time, features) */
    const float *kernel;           /* (features, gates·units) */
    const float *bias;             /* (gates·units) */
    const float *recurrent_kernel; /* (units, gates·units) */
    const float *recurrent_bias;   /* (gates·units), or NULL where the operation has none */
    float *states;                 /* step t's state at states + t·state_stride */
    int64_t state_stride;          /* units: every step's state kept; 0: each overwrites the last, in place */
} Sequence;

/* out = x_t·W + b (width = gates·units): the sum over the features first, in order, then the bias. */
void project_step(const Sequence *sequence, int64_t t, int64_t width, float *restrict out);

/* Runs one sample's sequence; scratch: RECURRENCE_SCRATCH·units floats. */
typedef void (*SequenceFunction)(const RecurrenceConfig *config, const Sequence *sequence, float *scratch);

#define RECURRENCE_SCRATCH 12

/* A recurrence as two TensorFlow operations on the CPU: every step's state, and the last state only. */
typedef struct {
    const char *states_op;
    const char *last_state_op;
    int gates;
    int has_recurrent_bias;   /* a last input (gates·units) */
    int has_reset_after;      /* a reset_after attribute */
    SequenceFunction sequence;
} Recurrence;

/*
 * A kernel instance of `recurrence` with the attributes of `ctx`, keeping every step's state or the last only: what
 * the create functions given to register_recurrence return. TensorFlow's create callback has no user data, so each
 * operation has a create function of its own that calls this.
 */
void *create_recurrence_kernel(TF_OpKernelConstruction *ctx, const Recurrence *recurrence, int every_step);

/*
 * Registers the two operations and their CPU kernels (made by the create functions, which call
 * create_recurrence_kernel). Called from each recurrence's library constructor: TF_LoadLibrary lists the
 * operations registered while it opens the library.
 */
void register_recurrence(const Recurrence *recurrence, void *(*create_states)(TF_OpKernelConstruction *),
                         void *(*create_last_state)(TF_OpKernelConstruction *));

#endif
