/*
 * SeqconvLstmStates: an LSTM's whole recurrence as one TensorFlow CPU operation, for prediction (TensorFlow's
 * BlockLSTM would need Keras's gate order and activations rebuilt around it, and takes no other activations).
 * Inputs, as dev.seqconv.api.ops.LstmRecurrence names them:
 *
 *   inputs            (batch, time, 4·units)  [xi xf xc xo]: the inputs' projections, their biases included
 *   recurrent_kernel  (units, 4·units)        [U_i U_f U_c U_o]
 *
 * Output: every step's state h, (batch, time, units):
 *
 *   i_t = σ(xi_t + h_{t−1}·U_i)    f_t = σ(xf_t + h_{t−1}·U_f)    o_t = σ(xo_t + h_{t−1}·U_o)
 *   c_t = f_t ⊙ c_{t−1} + i_t ⊙ a(xc_t + h_{t−1}·U_c)
 *   h_t = o_t ⊙ a(c_t),        h_0 = c_0 = 0
 *
 * Attributes: activation and recurrent_activation (int, ACTIVATION_* in recurrence.h).
 */
#include "recurrence.h"

#include <string.h>

/* One sample's sequence; scratch: 6·units floats. */
static void lstm_sequence(const RecurrenceConfig *config, int64_t time, int64_t units, const float *inputs,
                          const float *kernel, const float *bias, float *states, float *scratch) {
    (void) bias;
    const int64_t width = 4 * units;
    float *projection = scratch;      /* [i f g o] pre-activations, then activations */
    float *cell = scratch + width;    /* c_t */
    float *squashed = cell + units;   /* a(c_t) */
    float *i = projection, *f = projection + units, *g = projection + 2 * units, *o = projection + 3 * units;
    const float *previous = NULL;     /* h_{t−1}; NULL for h_0 = 0 */
    memset(cell, 0, (size_t) units * sizeof(float));
    for (int64_t t = 0; t < time; t++) {
        const float *x = inputs + t * width;
        memset(projection, 0, (size_t) width * sizeof(float));
        if (previous != NULL) add_row_times_matrix(previous, units, kernel, width, projection, width);
        for (int64_t j = 0; j < width; j++) projection[j] = x[j] + projection[j];
        activate(config->recurrent_activation, i, 2 * units);
        activate(config->activation, g, units);
        activate(config->recurrent_activation, o, units);
        for (int64_t j = 0; j < units; j++) cell[j] = f[j] * cell[j] + i[j] * g[j];
        memcpy(squashed, cell, (size_t) units * sizeof(float));
        activate(config->activation, squashed, units);
        float *h = states + t * units;
        for (int64_t j = 0; j < units; j++) h[j] = o[j] * squashed[j];
        previous = h;
    }
}

static const Recurrence LSTM = {
    .name = "SeqconvLstmStates",
    .gates = 4,
    .has_recurrent_bias = 0,
    .has_reset_after = 0,
    .recurrent_specs = {"recurrent_kernel: float", NULL},
    .sequence = lstm_sequence,
};

static void *create_lstm(TF_OpKernelConstruction *ctx) {
    return create_recurrence_kernel(ctx, &LSTM);
}

__attribute__((constructor))
static void register_lstm(void) {
    register_recurrence(&LSTM, create_lstm);
}
