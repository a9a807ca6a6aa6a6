/*
 * SeqconvMaxPool1d: MaxPooling1D forward (valid padding) as one TensorFlow CPU operation that runs on the calling
 * thread, for prediction. TensorFlow's own pooling (oneDNN) hands each call to the intra-op pool and back: for a lone
 * request that hand-off, with the pool's threads asleep, costs more than the pooling itself. Input x (batch, time,
 * channels); output (batch, ⌊(time − pool_size) / stride⌋ + 1, channels):
 *
 *   y[b, t, c] = max_{i < pool_size} x[b, t·stride + i, c]
 *
 * (a NaN counts only in a window's first place). A shape function cannot read attributes, so the output's shape
 * is left unknown there and the graph states it. Attributes: pool_size, stride (int, at least 1).
 */
#include "kernels.h"
#include "operation.h"

#include <stdlib.h>

typedef struct {
    int32_t pool_size;
    int32_t stride;
} MaxPoolKernel;

/* One sample: x (time, channels) to y (steps, channels). */
__attribute__((target_clones("avx2", "default")))
void max_pool1d_sample(const float *restrict x, int64_t channels, int64_t pool_size, int64_t stride,
                       float *restrict y, int64_t steps) {
    for (int64_t t = 0; t < steps; t++) {
        const float *window = x + t * stride * channels;
        float *out = y + t * channels;
        memcpy(out, window, (size_t) channels * sizeof(float));
        for (int64_t i = 1; i < pool_size; i++) {
            const float *row = window + i * channels;
            for (int64_t c = 0; c < channels; c++) out[c] = row[c] > out[c] ? row[c] : out[c];
        }
    }
}

static void *create(TF_OpKernelConstruction *ctx) {
    MaxPoolKernel *kernel = calloc(1, sizeof(MaxPoolKernel));
    TF_Status *status = TF_NewStatus();
    if (kernel == NULL) {
        TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, "seqconv MaxPooling1D: out of memory");
    } else {
        TF_OpKernelConstruction_GetAttrInt32(ctx, "pool_size", &kernel->pool_size, status);
        if (TF_GetCode(status) == TF_OK) TF_OpKernelConstruction_GetAttrInt32(ctx, "stride", &kernel->stride, status);
        if (TF_GetCode(status) == TF_OK && (kernel->pool_size < 1 || kernel->stride < 1)) {
            TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv MaxPooling1D: pool size and stride must be at least 1");
        }
    }
    if (TF_GetCode(status) != TF_OK) TF_OpKernelConstruction_Failure(ctx, status);
    TF_DeleteStatus(status);
    return kernel;
}

static void destroy(void *kernel) {
    free(kernel);
}

static void compute(void *instance, TF_OpKernelContext *ctx) {
    const MaxPoolKernel *kernel = instance;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *in = NULL, *out = NULL;
    TF_GetInput(ctx, 0, &in, status);
    if (TF_GetCode(status) == TF_OK && (TF_NumDims(in) != 3 || TF_Dim(in, 1) < kernel->pool_size)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv MaxPooling1D: the input must be (batch, time, channels) "
                     "with time at least the pool size");
    }
    if (TF_GetCode(status) == TF_OK) {
        const int64_t batch = TF_Dim(in, 0), time = TF_Dim(in, 1), channels = TF_Dim(in, 2);
        const int64_t steps = (time - kernel->pool_size) / kernel->stride + 1;
        int64_t dims[3] = {batch, steps, channels};
        out = TF_AllocateOutput(ctx, 0, TF_FLOAT, dims, 3, (size_t) (batch * steps * channels) * sizeof(float),
                                status);
        if (TF_GetCode(status) == TF_OK) {
            const float *x = TF_TensorData(in);
            float *y = TF_TensorData(out);
            for (int64_t b = 0; b < batch; b++) {
                max_pool1d_sample(x + b * time * channels, channels, kernel->pool_size, kernel->stride,
                                  y + b * steps * channels, steps);
            }
        }
    }
    if (TF_GetCode(status) != TF_OK) TF_OpKernelContext_Failure(ctx, status);
    if (in != NULL) TF_DeleteTensor(in);
    if (out != NULL) TF_DeleteTensor(out);
    TF_DeleteStatus(status);
}

/* Unknown here: the steps depend on the attributes, which a shape function cannot read; the graph states them. */
static void infer_shape(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    TF_ShapeInferenceContextSetUnknownShape(ctx, status);
}

__attribute__((constructor))
static void register_max_pool1d(void) {
    static const Operation operation = {
        .name = "SeqconvMaxPool1d",
        .inputs = {"input: float", NULL},
        .output = "output: float",
        .attributes = {"pool_size: int", "stride: int", NULL},
        .infer_shape = infer_shape,
        .create = create,
        .compute = compute,
        .destroy = destroy,
    };
    register_operation(&operation);
}
