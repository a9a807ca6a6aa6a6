/*
 * SeqconvConv1d: a Conv1D layer forward (stride 1, no dilation, valid padding) with its bias and activation as one
 * TensorFlow CPU operation that runs on the calling thread, for prediction over small inputs. TensorFlow's own
 * convolution (oneDNN) hands every call to the intra-op pool and back, which costs more than a lone request's
 * convolution itself. Inputs, as dev.seqconv.api.ops.Conv1dLayer names them:
 *
 *   input   (batch, time, channels)     x
 *   kernel  (k, channels, filters)
 *   bias    (filters)                   (zeros where the layer has none)
 *
 * Output (batch, time − k + 1, filters):
 *
 *   y[b, t, f] = a( (Σ_{i<k} Σ_c x[b, t + i, c] · kernel[i, c, f]) + bias[f] )
 *
 * The window of output t is x[b, t .. t + k − 1, :], k·channels contiguous floats, and the kernel is a (k·channels,
 * filters) matrix, so each output row is a row vector times that matrix; four rows and sixteen columns are summed at
 * a time in registers, every sum over (i, c) in order whatever its block. Attribute: activation (int, ACTIVATION_*
 * in kernels.h).
 */
#include "kernels.h"
#include "operation.h"

#include <stdlib.h>

/* The output rows [t, t + rows) at columns [j, j + 8·vectors): window sums, then the bias; rows ≤ 4, vectors ≤ 2. */
static inline __attribute__((always_inline))
void window_block(const float *x, int64_t channels, int64_t window, const float *kernel, int64_t filters,
                  const float *bias, float *y, int64_t t, int64_t j, const int rows, const int vectors) {
    Floats8 sums[4][2];
    for (int q = 0; q < rows; q++) {
        for (int v = 0; v < vectors; v++) sums[q][v] = (Floats8) {0};
    }
    for (int64_t r = 0; r < window; r++) {
        Floats8 w[2];
        for (int v = 0; v < vectors; v++) w[v] = load8(kernel + r * filters + j + 8 * v);
        for (int q = 0; q < rows; q++) {
            const float xr = x[(t + q) * channels + r];
            for (int v = 0; v < vectors; v++) sums[q][v] += xr * w[v];
        }
    }
    for (int q = 0; q < rows; q++) {
        for (int v = 0; v < vectors; v++) {
            store8(y + (t + q) * filters + j + 8 * v, sums[q][v] + load8(bias + j + 8 * v));
        }
    }
}

/* One sample: x (time, channels) to y (steps, filters), steps = time − k + 1, window = k·channels. */
__attribute__((target_clones("avx2", "default")))
void conv1d_sample(const float *x, int64_t channels, int64_t window, const float *kernel, int64_t filters,
                   const float *bias, int activation, float *y, int64_t steps) {
    int64_t t = 0;
    for (; t + 4 <= steps; t += 4) {
        int64_t j = 0;
        for (; j + 16 <= filters; j += 16) window_block(x, channels, window, kernel, filters, bias, y, t, j, 4, 2);
        for (; j + 8 <= filters; j += 8) window_block(x, channels, window, kernel, filters, bias, y, t, j, 4, 1);
    }
    for (; t < steps; t++) {
        int64_t j = 0;
        for (; j + 16 <= filters; j += 16) window_block(x, channels, window, kernel, filters, bias, y, t, j, 1, 2);
        for (; j + 8 <= filters; j += 8) window_block(x, channels, window, kernel, filters, bias, y, t, j, 1, 1);
    }
    const int64_t vectorised = filters - filters % 8;
    for (int64_t row = 0; row < steps; row++) {
        for (int64_t f = vectorised; f < filters; f++) {
            float sum = 0.0f;
            for (int64_t r = 0; r < window; r++) sum += x[row * channels + r] * kernel[r * filters + f];
            y[row * filters + f] = sum + bias[f];
        }
    }
    activate(activation, y, steps * filters);
}

typedef struct {
    int activation;
} Conv1dKernel;

static void *create(TF_OpKernelConstruction *ctx) {
    Conv1dKernel *kernel = calloc(1, sizeof(Conv1dKernel));
    TF_Status *status = TF_NewStatus();
    int32_t activation = 0;
    if (kernel == NULL) {
        TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, "seqconv Conv1D: out of memory");
    } else {
        TF_OpKernelConstruction_GetAttrInt32(ctx, "activation", &activation, status);
    }
    if (TF_GetCode(status) == TF_OK && (activation < 0 || activation >= ACTIVATION_COUNT)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv Conv1D: unknown activation number");
    }
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelConstruction_Failure(ctx, status);
    } else {
        kernel->activation = activation;
    }
    TF_DeleteStatus(status);
    return kernel;
}

static void destroy(void *kernel) {
    free(kernel);
}

enum { INPUT, KERNEL, BIAS, INPUTS };

static void compute(void *instance, TF_OpKernelContext *ctx) {
    const Conv1dKernel *kernel = instance;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *in[INPUTS] = {NULL};
    TF_Tensor *out = NULL;
    for (int i = 0; i < INPUTS && TF_GetCode(status) == TF_OK; i++) TF_GetInput(ctx, i, &in[i], status);
    int valid = TF_GetCode(status) == TF_OK && TF_NumDims(in[INPUT]) == 3 && TF_NumDims(in[KERNEL]) == 3
                && TF_NumDims(in[BIAS]) == 1 && TF_Dim(in[KERNEL], 1) == TF_Dim(in[INPUT], 2)
                && TF_Dim(in[BIAS], 0) == TF_Dim(in[KERNEL], 2) && TF_Dim(in[INPUT], 1) >= TF_Dim(in[KERNEL], 0);
    if (TF_GetCode(status) == TF_OK && !valid) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv Conv1D: the input must be (batch, time, channels) with "
                     "time at least k, the kernel (k, channels, filters) and the bias (filters)");
    }
    if (TF_GetCode(status) == TF_OK) {
        const int64_t batch = TF_Dim(in[INPUT], 0), time = TF_Dim(in[INPUT], 1), channels = TF_Dim(in[INPUT], 2);
        const int64_t k = TF_Dim(in[KERNEL], 0), filters = TF_Dim(in[KERNEL], 2), steps = time - k + 1;
        int64_t dims[3] = {batch, steps, filters};
        out = TF_AllocateOutput(ctx, 0, TF_FLOAT, dims, 3, (size_t) (batch * steps * filters) * sizeof(float),
                                status);
        if (TF_GetCode(status) == TF_OK) {
            const float *x = TF_TensorData(in[INPUT]);
            float *y = TF_TensorData(out);
            for (int64_t b = 0; b < batch; b++) {
                conv1d_sample(x + b * time * channels, channels, k * channels, TF_TensorData(in[KERNEL]), filters,
                              TF_TensorData(in[BIAS]), kernel->activation, y + b * steps * filters, steps);
            }
        }
    }
    if (TF_GetCode(status) != TF_OK) TF_OpKernelContext_Failure(ctx, status);
    for (int i = 0; i < INPUTS; i++) {
        if (in[i] != NULL) TF_DeleteTensor(in[i]);
    }
    if (out != NULL) TF_DeleteTensor(out);
    TF_DeleteStatus(status);
}

/* (batch, time − k + 1, filters); the steps unknown where the time or k is. */
static void infer_shape(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    TF_ShapeHandle *input = TF_NewShapeHandle(), *kernel = TF_NewShapeHandle(), *batch = TF_NewShapeHandle();
    TF_ShapeHandle *filters = TF_NewShapeHandle(), *leading = TF_NewShapeHandle(), *output = TF_NewShapeHandle();
    TF_ShapeHandle *steps = NULL;
    TF_DimensionHandle *time = TF_NewDimensionHandle(), *k = TF_NewDimensionHandle();
    TF_ShapeInferenceContextGetInput(ctx, INPUT, input, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextGetInput(ctx, KERNEL, kernel, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_ShapeInferenceContextDim(ctx, input, 1, time);
        TF_ShapeInferenceContextDim(ctx, kernel, 0, k);
        if (TF_DimensionHandleValueKnown(time) && TF_DimensionHandleValueKnown(k)) {
            int64_t count = TF_DimensionHandleValue(time) - TF_DimensionHandleValue(k) + 1;
            if (count < 1) TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv Conv1D: fewer steps than taps");
            else steps = TF_ShapeInferenceContextVectorFromSize(ctx, (size_t) count);
        } else {
            steps = TF_NewShapeHandle();
            TF_ShapeInferenceContextSubshape(ctx, input, 1, 2, steps, status); /* unknown, as the time is */
        }
    }
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSubshape(ctx, input, 0, 1, batch, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSubshape(ctx, kernel, 2, 3, filters, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextConcatenateShapes(ctx, batch, steps, leading, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextConcatenateShapes(ctx, leading, filters, output, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSetOutput(ctx, 0, output, status);
    TF_ShapeHandle *handles[] = {input, kernel, batch, filters, leading, output, steps};
    for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++) {
        if (handles[i] != NULL) TF_DeleteShapeHandle(handles[i]);
    }
    TF_DeleteDimensionHandle(time);
    TF_DeleteDimensionHandle(k);
}

__attribute__((constructor))
static void register_conv1d(void) {
    static const Operation operation = {
        .name = "SeqconvConv1d",
        .inputs = {"input: float", "kernel: float", "bias: float", NULL},
        .output = "output: float",
        .attributes = {"activation: int", NULL},
        .infer_shape = infer_shape,
        .create = create,
        .compute = compute,
        .destroy = destroy,
    };
    register_operation(&operation);
}
