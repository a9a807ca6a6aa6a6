#include "recurrence.h"

#include <stdlib.h>
#include <string.h>

void project_step(const Sequence *sequence, int64_t t, int64_t width, float *restrict out) {
    memset(out, 0, (size_t) width * sizeof(float));
    add_row_times_matrix(sequence->input + t * sequence->features, sequence->features, sequence->kernel, width, out,
                         width);
    for (int64_t j = 0; j < width; j++) out[j] = out[j] + sequence->bias[j];
}

/* A kernel instance: its operation, whether it keeps every step's state, and its attributes. */
typedef struct {
    const Recurrence *recurrence;
    int every_step;
    RecurrenceConfig config;
} Kernel;

void *create_recurrence_kernel(TF_OpKernelConstruction *ctx, const Recurrence *recurrence, int every_step) {
    Kernel *kernel = calloc(1, sizeof(Kernel));
    TF_Status *status = TF_NewStatus();
    TF_Bool reset_after = 1;
    int32_t activation = 0, recurrent_activation = 0;
    if (kernel == NULL) {
        TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, "seqconv recurrence: out of memory");
    }
    if (TF_GetCode(status) == TF_OK && recurrence->has_reset_after) {
        TF_OpKernelConstruction_GetAttrBool(ctx, "reset_after", &reset_after, status);
    }
    if (TF_GetCode(status) == TF_OK) {
        TF_OpKernelConstruction_GetAttrInt32(ctx, "activation", &activation, status);
    }
    if (TF_GetCode(status) == TF_OK) {
        TF_OpKernelConstruction_GetAttrInt32(ctx, "recurrent_activation", &recurrent_activation, status);
    }
    if (TF_GetCode(status) == TF_OK && (activation < 0 || activation >= ACTIVATION_COUNT
                                        || recurrent_activation < 0 || recurrent_activation >= ACTIVATION_COUNT)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv recurrence: unknown activation number");
    }
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelConstruction_Failure(ctx, status);
    }
    TF_DeleteStatus(status);
    if (kernel != NULL) {
        kernel->recurrence = recurrence;
        kernel->every_step = every_step;
        kernel->config.reset_after = reset_after != 0;
        kernel->config.activation = activation;
        kernel->config.recurrent_activation = recurrent_activation;
    }
    return kernel;
}

static void destroy(void *kernel) {
    free(kernel);
}

/* The operations' inputs, in order. */
enum { INPUT, KERNEL, BIAS, RECURRENT_KERNEL, RECURRENT_BIAS, MAX_INPUTS };

/*
 * The input (batch, time, features), the kernel (features, gates·units), the bias (gates·units), the recurrent
 * kernel (units, gates·units) and, where the operation has one, the recurrent bias (gates·units).
 */
static int valid_shapes(const Recurrence *recurrence, TF_Tensor *const *in, int64_t *batch, int64_t *time,
                        int64_t *features, int64_t *units) {
    if (TF_NumDims(in[INPUT]) != 3 || TF_NumDims(in[KERNEL]) != 2 || TF_NumDims(in[BIAS]) != 1
        || TF_NumDims(in[RECURRENT_KERNEL]) != 2) {
        return 0;
    }
    *batch = TF_Dim(in[INPUT], 0);
    *time = TF_Dim(in[INPUT], 1);
    *features = TF_Dim(in[INPUT], 2);
    *units = TF_Dim(in[RECURRENT_KERNEL], 0);
    const int64_t width = recurrence->gates * *units;
    if (TF_Dim(in[KERNEL], 0) != *features || TF_Dim(in[KERNEL], 1) != width || TF_Dim(in[BIAS], 0) != width
        || TF_Dim(in[RECURRENT_KERNEL], 1) != width) {
        return 0;
    }
    return !recurrence->has_recurrent_bias
           || (TF_NumDims(in[RECURRENT_BIAS]) == 1 && TF_Dim(in[RECURRENT_BIAS], 0) == width);
}

static void compute(void *instance, TF_OpKernelContext *ctx) {
    const Kernel *kernel = instance;
    const Recurrence *recurrence = kernel->recurrence;
    int inputs = RECURRENT_KERNEL + 1 + recurrence->has_recurrent_bias;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *in[MAX_INPUTS] = {NULL};
    TF_Tensor *out = NULL;
    float *scratch = NULL;
    int64_t batch = 0, time = 0, features = 0, units = 0;
    for (int i = 0; i < inputs && TF_GetCode(status) == TF_OK; i++) TF_GetInput(ctx, i, &in[i], status);
    if (TF_GetCode(status) == TF_OK && !valid_shapes(recurrence, in, &batch, &time, &features, &units)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv recurrence: the input must be (batch, time, features), "
                     "the kernel (features, gates·units), the bias (gates·units), the recurrent kernel (units, "
                     "gates·units) and the recurrent bias (gates·units)");
    }
    const int64_t steps_kept = kernel->every_step ? time : 1;
    if (TF_GetCode(status) == TF_OK) {
        int64_t dims[3] = {batch, time, units};
        if (!kernel->every_step) dims[1] = units;
        out = TF_AllocateOutput(ctx, 0, TF_FLOAT, dims, kernel->every_step ? 3 : 2,
                                (size_t) (batch * steps_kept * units) * sizeof(float), status);
    }
    if (TF_GetCode(status) == TF_OK && units > 0) {
        scratch = malloc((size_t) (RECURRENCE_SCRATCH * units) * sizeof(float));
        if (scratch == NULL) TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, "seqconv recurrence: out of memory");
    }
    if (TF_GetCode(status) == TF_OK && units > 0) {
        float *states = TF_TensorData(out);
        if (!kernel->every_step) memset(states, 0, (size_t) (batch * units) * sizeof(float)); /* h_0 if time is 0 */
        Sequence sequence = {
            .time = time, .features = features, .units = units,
            .kernel = TF_TensorData(in[KERNEL]),
            .bias = TF_TensorData(in[BIAS]),
            .recurrent_kernel = TF_TensorData(in[RECURRENT_KERNEL]),
            .recurrent_bias = recurrence->has_recurrent_bias ? TF_TensorData(in[RECURRENT_BIAS]) : NULL,
            .state_stride = kernel->every_step ? units : 0,
        };
        const float *input = TF_TensorData(in[INPUT]);
        for (int64_t b = 0; b < batch; b++) {
            sequence.input = input + b * time * features;
            sequence.states = states + b * steps_kept * units;
            recurrence->sequence(&kernel->config, &sequence, scratch);
        }
    }
    if (TF_GetCode(status) != TF_OK) TF_OpKernelContext_Failure(ctx, status);
    free(scratch);
    for (int i = 0; i < inputs; i++) {
        if (in[i] != NULL) TF_DeleteTensor(in[i]);
    }
    if (out != NULL) TF_DeleteTensor(out);
    TF_DeleteStatus(status);
}

/* The output: the input's first `leading` dimensions (batch, and time where every step is kept), then units. */
static void infer_output(TF_ShapeInferenceContext *ctx, TF_Status *status, int64_t leading) {
    TF_ShapeHandle *input = TF_NewShapeHandle(), *kernel = TF_NewShapeHandle();
    TF_ShapeHandle *outer = TF_NewShapeHandle(), *units = TF_NewShapeHandle(), *output = TF_NewShapeHandle();
    TF_ShapeInferenceContextGetInput(ctx, INPUT, input, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextGetInput(ctx, RECURRENT_KERNEL, kernel, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSubshape(ctx, input, 0, leading, outer, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSubshape(ctx, kernel, 0, 1, units, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextConcatenateShapes(ctx, outer, units, output, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSetOutput(ctx, 0, output, status);
    TF_DeleteShapeHandle(input);
    TF_DeleteShapeHandle(kernel);
    TF_DeleteShapeHandle(outer);
    TF_DeleteShapeHandle(units);
    TF_DeleteShapeHandle(output);
}

static void infer_states(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    infer_output(ctx, status, 2);
}

static void infer_last_state(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    infer_output(ctx, status, 1);
}

/* One of the recurrence's two operations: its inputs and attributes, then what differs between the two. */
static void register_variant(const Recurrence *recurrence, const char *name, const char *output,
                             void (*infer)(TF_ShapeInferenceContext *, TF_Status *),
                             void *(*create)(TF_OpKernelConstruction *)) {
    Operation operation = {
        .name = name,
        .inputs = {"input: float", "kernel: float", "bias: float", "recurrent_kernel: float",
                   recurrence->has_recurrent_bias ? "recurrent_bias: float" : NULL},
        .output = output,
        .attributes = {"activation: int", "recurrent_activation: int",
                       recurrence->has_reset_after ? "reset_after: bool" : NULL},
        .infer_shape = infer,
        .create = create,
        .compute = compute,
        .destroy = destroy,
    };
    register_operation(&operation);
}

void register_recurrence(const Recurrence *recurrence, void *(*create_states)(TF_OpKernelConstruction *),
                         void *(*create_last_state)(TF_OpKernelConstruction *)) {
    register_variant(recurrence, recurrence->states_op, "states: float", infer_states, create_states);
    register_variant(recurrence, recurrence->last_state_op, "last_state: float", infer_last_state,
                     create_last_state);
}
