/*
 * SeqconvLstmStates and SeqconvLstmLastState: an LSTM layer's whole recurrence as one TensorFlow CPU operation, for
 * prediction (TensorFlow's BlockLSTM would need Keras's gate order and activations rebuilt around it, and takes no
 * other activations). Inputs, as dev.seqconv.api.ops.LstmRecurrence and InputProjection name them:
 *
 *   input             (batch, time, features)  x
 *   kernel            (features, 4·units)      [W_i W_f W_c W_o]
 *   bias              (4·units)                [b_i b_f b_c b_o] (zeros where the layer has none)
 *   recurrent_kernel  (units, 4·units)         [U_i U_f U_c U_o]
 *
 * Output: every step's state h (batch, time, units), or the last (batch, units):
 *
 *   [xi_t xf_t xc_t xo_t] = x_t·W + b
 *   i_t = σ(xi_t + h_{t−1}·U_i)    f_t = σ(xf_t + h_{t−1}·U_f)    o_t = σ(xo_t + h_{t−1}·U_o)
 *   c_t = f_t ⊙ c_{t−1} + i_t ⊙ a(xc_t + h_{t−1}·U_c)
 *   h_t = o_t ⊙ a(c_t),        h_0 = c_0 = 0
 *
 * Attributes: activation and recurrent_activation (int, ACTIVATION_* in kernels.h).
 */
#include "recurrence.h"

#include <string.h>

/* One sample's sequence; scratch: 10·units floats. */
static void lstm_sequence(const RecurrenceConfig *config, const Sequence *sequence, float *scratch) {
    const int64_t units = sequence->units, width = 4 * units;
    float *projection = scratch;      /* [i f g o] pre-activations, then activations */
    float *cell = scratch + width;    /* c_t */
    float *squashed = cell + units;   /* a(c_t) */
    float *x = squashed + units;      /* [xi xf xc xo] */
    float *i = projection, *f = projection + units, *g = projection + 2 * units, *o = projection + 3 * units;
    const float *previous = NULL;     /* h_{t−1}; NULL for h_0 = 0 */
    memset(cell, 0, (size_t) units * sizeof(float));
    for (int64_t t = 0; t < sequence->time; t++) {
        project_step(sequence, t, width, x);
        memset(projection, 0, (size_t) width * sizeof(float));
        if (previous != NULL) {
            add_row_times_matrix(previous, units, sequence->recurrent_kernel, width, projection, width);
        }
        for (int64_t j = 0; j < width; j++) projection[j] = x[j] + projection[j];
        activate(config->recurrent_activation, i, 2 * units);
        activate(config->activation, g, units);
        activate(config->recurrent_activation, o, units);
        for (int64_t j = 0; j < units; j++) cell[j] = f[j] * cell[j] + i[j] * g[j];
        memcpy(squashed, cell, (size_t) units * sizeof(float));
        activate(config->activation, squashed, units);
        float *h = sequence->states + t * sequence->state_stride; /* may be h_{t−1}'s row, read above */
        for (int64_t j = 0; j < units; j++) h[j] = o[j] * squashed[j];
        previous = h;
    }
}

static const Recurrence LSTM = {
    .states_op = "SeqconvLstmStates",
    .last_state_op = "SeqconvLstmLastState",
    .gates = 4,
    .has_recurrent_bias = 0,
    .has_reset_after = 0,
    .sequence = lstm_sequence,
};

static void *create_lstm_states(TF_OpKernelConstruction *ctx) {
    return create_recurrence_kernel(ctx, &LSTM, 1);
}

static void *create_lstm_last_state(TF_OpKernelConstruction *ctx) {
    return create_recurrence_kernel(ctx, &LSTM, 0);
}

__attribute__((constructor))
static void register_lstm(void) {
    register_recurrence(&LSTM, create_lstm_states, create_lstm_last_state);
}
