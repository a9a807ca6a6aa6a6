#include "recurrence.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static float clip01(float x) {
    return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x);
}

/*
 * e^x for x in [−87, 88], within ~2 ulp, in operations a compiler vectorises (libm's expf is a call per value,
 * most of the recurrence's time): x = n·ln2 + r with |r| ≤ ln2/2 (ln2 in two parts, Cody and Waite), e^r by its
 * Taylor polynomial of degree 7 (remainder < 6e-9), 2^n written into the exponent bits.
 */
static inline float exp_reduced(float x) {
    const float round_to_integer = 12582912.0f; /* 1.5·2^23: adding it leaves x rounded in the low bits */
    float n = (x * 1.44269504f + round_to_integer) - round_to_integer;
    float r = (x - n * 0.693145751953125f) - n * 1.42860677e-6f;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits = ((int32_t) n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/* 1 / (1 + e^−x), x clamped to [−88, 87] where the result is 0 or 1 in float anyway. */
static inline float sigmoid(float x) {
    float clamped = x < -88.0f ? -88.0f : (x > 87.0f ? 87.0f : x);
    return 1.0f / (1.0f + exp_reduced(-clamped));
}

/*
 * tanh x = sign(x)·(1 − e^−2|x|) / (1 + e^−2|x|); below |x| = 1/16, where that difference loses bits, the Taylor
 * polynomial x − x³/3 + 2x⁵/15 (remainder < 1e-9 relative).
 */
static inline float hyperbolic_tangent(float x) {
    float a = fabsf(x);
    float t = exp_reduced(-2.0f * (a > 44.0f ? 44.0f : a));
    float large = (1.0f - t) / (1.0f + t);
    float a2 = a * a;
    float small = a * (1.0f + a2 * (-1.0f / 3.0f + a2 * (2.0f / 15.0f)));
    return copysignf(a < 0.0625f ? small : large, x);
}

__attribute__((target_clones("avx2", "default")))
void activate(int activation, float *restrict x, int64_t n) {
    switch (activation) {
    case ACTIVATION_RELU:
        for (int64_t i = 0; i < n; i++) x[i] = x[i] < 0.0f ? 0.0f : x[i];
        break;
    case ACTIVATION_SIGMOID:
        for (int64_t i = 0; i < n; i++) x[i] = sigmoid(x[i]);
        break;
    case ACTIVATION_TANH:
        for (int64_t i = 0; i < n; i++) x[i] = hyperbolic_tangent(x[i]);
        break;
    case ACTIVATION_HARD_SIGMOID:
        for (int64_t i = 0; i < n; i++) x[i] = clip01(x[i] / 6.0f + 0.5f);
        break;
    case ACTIVATION_HARD_SIGMOID_KERAS2:
        for (int64_t i = 0; i < n; i++) x[i] = clip01(x[i] * 0.2f + 0.5f);
        break;
    default: /* ACTIVATION_LINEAR */
        break;
    }
}

/* Eight floats: one AVX2 register, two SSE ones (GCC's vector extension; loads and stores through memcpy). */
typedef float Floats8 __attribute__((vector_size(32)));

/* Loads eight floats from p (any alignment). */
static inline Floats8 load8(const float *p) {
    Floats8 x;
    memcpy(&x, p, sizeof x);
    return x;
}

/*
 * out[j] += Σ_k v[k] · w[k·stride + j] for j < width: one row vector times a block of a row-major matrix; 48 then 8
 * columns at a time held in registers while k runs (six independent sums hide the additions' latency), the rest
 * one by one. Every sum runs over k in order, so all columns round alike whatever their block.
 */
__attribute__((target_clones("avx2", "default")))
void add_row_times_matrix(const float *restrict v, int64_t rows, const float *restrict w, int64_t stride,
                                 float *restrict out, int64_t width) {
    int64_t j0 = 0;
    for (; j0 + 48 <= width; j0 += 48) {
        Floats8 s0 = load8(out + j0), s1 = load8(out + j0 + 8), s2 = load8(out + j0 + 16);
        Floats8 s3 = load8(out + j0 + 24), s4 = load8(out + j0 + 32), s5 = load8(out + j0 + 40);
        for (int64_t k = 0; k < rows; k++) {
            const float *wk = w + k * stride + j0;
            const float vk = v[k];
            s0 += vk * load8(wk);
            s1 += vk * load8(wk + 8);
            s2 += vk * load8(wk + 16);
            s3 += vk * load8(wk + 24);
            s4 += vk * load8(wk + 32);
            s5 += vk * load8(wk + 40);
        }
        memcpy(out + j0, &s0, sizeof s0);
        memcpy(out + j0 + 8, &s1, sizeof s1);
        memcpy(out + j0 + 16, &s2, sizeof s2);
        memcpy(out + j0 + 24, &s3, sizeof s3);
        memcpy(out + j0 + 32, &s4, sizeof s4);
        memcpy(out + j0 + 40, &s5, sizeof s5);
    }
    for (; j0 + 8 <= width; j0 += 8) {
        Floats8 sum = load8(out + j0);
        for (int64_t k = 0; k < rows; k++) sum += v[k] * load8(w + k * stride + j0);
        memcpy(out + j0, &sum, sizeof sum);
    }
    for (int64_t k = 0; k < rows; k++) {
        const float vk = v[k];
        const float *wk = w + k * stride;
        for (int64_t j = j0; j < width; j++) out[j] += vk * wk[j];
    }
}

/* A kernel instance: its operation and attributes. */
typedef struct {
    const Recurrence *recurrence;
    RecurrenceConfig config;
} Kernel;

void *create_recurrence_kernel(TF_OpKernelConstruction *ctx, const Recurrence *recurrence) {
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
        kernel->config.reset_after = reset_after != 0;
        kernel->config.activation = activation;
        kernel->config.recurrent_activation = recurrent_activation;
    }
    return kernel;
}

static void destroy(void *kernel) {
    free(kernel);
}

/* The inputs (batch, time, gates·units), the recurrent kernel (units, gates·units), the bias (gates·units). */
static int valid_shapes(const Recurrence *recurrence, TF_Tensor *const *in, int64_t *batch, int64_t *time,
                        int64_t *units) {
    int gates = recurrence->gates;
    if (TF_NumDims(in[0]) != 3 || TF_NumDims(in[1]) != 2) return 0;
    *batch = TF_Dim(in[0], 0);
    *time = TF_Dim(in[0], 1);
    *units = TF_Dim(in[1], 0);
    if (TF_Dim(in[0], 2) != gates * *units || TF_Dim(in[1], 1) != gates * *units) return 0;
    return !recurrence->has_recurrent_bias || (TF_NumDims(in[2]) == 1 && TF_Dim(in[2], 0) == gates * *units);
}

static void compute(void *instance, TF_OpKernelContext *ctx) {
    const Kernel *kernel = instance;
    const Recurrence *recurrence = kernel->recurrence;
    int inputs = 2 + recurrence->has_recurrent_bias;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *in[3] = {NULL, NULL, NULL};
    TF_Tensor *out = NULL;
    float *scratch = NULL;
    int64_t batch = 0, time = 0, units = 0;
    for (int i = 0; i < inputs && TF_GetCode(status) == TF_OK; i++) TF_GetInput(ctx, i, &in[i], status);
    if (TF_GetCode(status) == TF_OK && !valid_shapes(recurrence, in, &batch, &time, &units)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, "seqconv recurrence: the inputs must be (batch, time, "
                     "gates·units), the recurrent kernel (units, gates·units) and the recurrent bias (gates·units)");
    }
    if (TF_GetCode(status) == TF_OK) {
        int64_t dims[3] = {batch, time, units};
        out = TF_AllocateOutput(ctx, 0, TF_FLOAT, dims, 3, (size_t) (batch * time * units) * sizeof(float), status);
    }
    if (TF_GetCode(status) == TF_OK && units > 0) {
        scratch = malloc((size_t) (RECURRENCE_SCRATCH * units) * sizeof(float));
        if (scratch == NULL) TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, "seqconv recurrence: out of memory");
    }
    if (TF_GetCode(status) == TF_OK && units > 0) {
        const float *inputs_data = TF_TensorData(in[0]);
        const float *recurrent_kernel = TF_TensorData(in[1]);
        const float *recurrent_bias = recurrence->has_recurrent_bias ? TF_TensorData(in[2]) : NULL;
        float *states = TF_TensorData(out);
        const int64_t width = recurrence->gates * units;
        for (int64_t b = 0; b < batch; b++) {
            recurrence->sequence(&kernel->config, time, units, inputs_data + b * time * width, recurrent_kernel,
                                 recurrent_bias, states + b * time * units, scratch);
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

/* The states are (batch, time, units): the inputs' first two dimensions, the recurrent kernel's first. */
static void infer_shape(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    TF_ShapeHandle *inputs = TF_NewShapeHandle(), *kernel = TF_NewShapeHandle();
    TF_ShapeHandle *steps = TF_NewShapeHandle(), *units = TF_NewShapeHandle(), *states = TF_NewShapeHandle();
    TF_ShapeInferenceContextGetInput(ctx, 0, inputs, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextGetInput(ctx, 1, kernel, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSubshape(ctx, inputs, 0, 2, steps, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSubshape(ctx, kernel, 0, 1, units, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextConcatenateShapes(ctx, steps, units, states, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSetOutput(ctx, 0, states, status);
    TF_DeleteShapeHandle(inputs);
    TF_DeleteShapeHandle(kernel);
    TF_DeleteShapeHandle(steps);
    TF_DeleteShapeHandle(units);
    TF_DeleteShapeHandle(states);
}

void register_recurrence(const Recurrence *recurrence, void *(*create)(TF_OpKernelConstruction *)) {
    TF_Status *status = TF_NewStatus();
    TF_OpDefinitionBuilder *op = TF_NewOpDefinitionBuilder(recurrence->name);
    TF_OpDefinitionBuilderAddInput(op, "inputs: float");
    for (int i = 0; recurrence->recurrent_specs[i] != NULL; i++) {
        TF_OpDefinitionBuilderAddInput(op, recurrence->recurrent_specs[i]);
    }
    TF_OpDefinitionBuilderAddOutput(op, "states: float");
    if (recurrence->has_reset_after) TF_OpDefinitionBuilderAddAttr(op, "reset_after: bool");
    TF_OpDefinitionBuilderAddAttr(op, "activation: int");
    TF_OpDefinitionBuilderAddAttr(op, "recurrent_activation: int");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(op, infer_shape);
    TF_RegisterOpDefinition(op, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_KernelBuilder *builder = TF_NewKernelBuilder(recurrence->name, "CPU", create, compute, destroy);
        TF_RegisterKernelBuilder(recurrence->name, builder, status);
    }
    TF_DeleteStatus(status);
}
