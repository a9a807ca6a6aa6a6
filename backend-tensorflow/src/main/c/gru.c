/*
 * SeqconvGruStates and SeqconvGruLastState: a GRU layer's whole recurrence as one TensorFlow CPU operation, for
 * prediction.
 *
 * TensorFlow Java 1.1.0 has no fused GRU on the CPU (CudnnRNN is GPU-only; GRUBlockCell is one step, reset
 * before), so the graph ran ~12 operations a time step, each with the executor's fixed cost. Inputs, as
 * dev.seqconv.api.ops.GruRecurrence and InputProjection name them:
 *
 *   input             (batch, time, features)  x
 *   kernel            (features, 3·units)      [W_z W_r W_h]
 *   bias              (3·units)                [b_z b_r b_h] (zeros where the layer has none)
 *   recurrent_kernel  (units, 3·units)         [U_z U_r U_h]
 *   recurrent_bias    (3·units)                [b'_z b'_r b'_h] (zeros where the layer has none)
 *
 * Output: every step's state (batch, time, units), or the last (batch, units):
 *
 *   [xz_t xr_t xh_t] = x_t·W + b
 *   z_t = σ(xz_t + h_{t−1}·U_z + b'_z)
 *   r_t = σ(xr_t + h_{t−1}·U_r + b'_r)
 *   reset after:   c_t = a(xh_t + r_t ⊙ (h_{t−1}·U_h + b'_h))
 *   reset before:  c_t = a(xh_t + (r_t ⊙ h_{t−1})·U_h)
 *   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ c_t,        h_0 = 0
 *
 * Attributes: reset_after (bool), activation and recurrent_activation (int, ACTIVATION_* in kernels.h).
 */
#include "recurrence.h"

#include <string.h>

/* One sample's sequence; scratch: 7·units floats. */
static void gru_sequence(const RecurrenceConfig *config, const Sequence *sequence, float *scratch) {
    const int64_t units = sequence->units, width = 3 * units;
    const float *kernel = sequence->recurrent_kernel;
    float *projection = scratch;              /* h_{t−1}·[U_z U_r U_h] + b' */
    float *reset_state = scratch + width;     /* r_t ⊙ h_{t−1}, reset before only */
    float *inputs = reset_state + units;      /* [xz xr xh] */
    const float *previous = NULL;             /* h_{t−1}; NULL for h_0 = 0 */
    for (int64_t t = 0; t < sequence->time; t++) {
        const float *xz = inputs, *xr = inputs + units, *xh = inputs + 2 * units;
        float *z = projection, *r = projection + units, *c = projection + 2 * units;
        project_step(sequence, t, width, inputs);
        memcpy(projection, sequence->recurrent_bias, (size_t) width * sizeof(float));
        if (previous != NULL) {
            add_row_times_matrix(previous, units, kernel, width, projection,
                                 config->reset_after ? width : 2 * units);
        }
        for (int64_t j = 0; j < units; j++) {
            z[j] = xz[j] + z[j];
            r[j] = xr[j] + r[j];
        }
        activate(config->recurrent_activation, projection, 2 * units);
        if (config->reset_after) {
            for (int64_t j = 0; j < units; j++) c[j] = xh[j] + r[j] * c[j];
        } else {
            memset(c, 0, (size_t) units * sizeof(float));
            if (previous != NULL) {
                for (int64_t j = 0; j < units; j++) reset_state[j] = r[j] * previous[j];
                add_row_times_matrix(reset_state, units, kernel + 2 * units, width, c, units);
            }
            for (int64_t j = 0; j < units; j++) c[j] = xh[j] + c[j];
        }
        activate(config->activation, c, units);
        float *h = sequence->states + t * sequence->state_stride; /* may be h_{t−1}'s row: read j, then written */
        for (int64_t j = 0; j < units; j++) {
            float kept = previous != NULL ? z[j] * previous[j] : 0.0f;
            h[j] = kept + (1.0f - z[j]) * c[j];
        }
        previous = h;
    }
}

static const Recurrence GRU = {
    .states_op = "SeqconvGruStates",
    .last_state_op = "SeqconvGruLastState",
    .gates = 3,
    .has_recurrent_bias = 1,
    .has_reset_after = 1,
    .sequence = gru_sequence,
};

static void *create_gru_states(TF_OpKernelConstruction *ctx) {
    return create_recurrence_kernel(ctx, &GRU, 1);
}

static void *create_gru_last_state(TF_OpKernelConstruction *ctx) {
    return create_recurrence_kernel(ctx, &GRU, 0);
}

__attribute__((constructor))
static void register_gru(void) {
    register_recurrence(&GRU, create_gru_states, create_gru_last_state);
}
