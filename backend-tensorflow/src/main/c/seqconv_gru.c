/*
 * SeqconvGruStates: a GRU's whole recurrence as one TensorFlow CPU operation, for prediction.
 *
 * TensorFlow Java 1.1.0 has no fused GRU on the CPU (CudnnRNN is GPU-only; GRUBlockCell is one step, reset
 * before), so the graph ran ~12 operations a time step, each with the executor's fixed cost. This library,
 * loaded with TF_LoadLibrary (TensorFlow.loadLibrary in Java), registers one operation over the whole sequence
 * through TensorFlow's C kernel API. Inputs, as dev.seqconv.api.ops.GruRecurrence names them:
 *
 *   input_z, input_r, input_h  (batch, time, units)  the inputs' projections, their biases included
 *   recurrent_kernel           (units, 3·units)      [U_z U_r U_h]
 *   recurrent_bias             (3·units)             [b'_z b'_r b'_h] (zeros where the layer has none)
 *
 * Output: every step's state, (batch, time, units):
 *
 *   z_t = σ(xz_t + h_{t−1}·U_z + b'_z)
 *   r_t = σ(xr_t + h_{t−1}·U_r + b'_r)
 *   reset after:   c_t = a(xh_t + r_t ⊙ (h_{t−1}·U_h + b'_h))
 *   reset before:  c_t = a(xh_t + (r_t ⊙ h_{t−1})·U_h)
 *   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ c_t,        h_0 = 0
 *
 * Attributes: reset_after (bool), activation and recurrent_activation (int, ACTIVATION_* below).
 * Built with -ffp-contract=off: no multiply-add is fused, and no sum is reordered, so every CPU gives the same bits
 * (the AVX2 and the baseline clones of the loops alike).
 *
 * The declarations below are the few functions of TensorFlow's C API (tensorflow/c/c_api.h, kernels.h, ops.h)
 * that this file calls; the native jar ships the library without its headers.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct TF_Status TF_Status;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_KernelBuilder TF_KernelBuilder;
typedef struct TF_OpKernelConstruction TF_OpKernelConstruction;
typedef struct TF_OpKernelContext TF_OpKernelContext;
typedef struct TF_OpDefinitionBuilder TF_OpDefinitionBuilder;
typedef struct TF_ShapeHandle TF_ShapeHandle;
typedef struct TF_ShapeInferenceContext TF_ShapeInferenceContext;
typedef unsigned char TF_Bool;

enum { TF_OK = 0, TF_INVALID_ARGUMENT = 3, TF_RESOURCE_EXHAUSTED = 8 };
enum { TF_FLOAT = 1 };

extern TF_Status *TF_NewStatus(void);
extern void TF_DeleteStatus(TF_Status *status);
extern int TF_GetCode(const TF_Status *status);
extern void TF_SetStatus(TF_Status *status, int code, const char *message);
extern void *TF_TensorData(const TF_Tensor *tensor);
extern int TF_NumDims(const TF_Tensor *tensor);
extern int64_t TF_Dim(const TF_Tensor *tensor, int dim_index);
extern void TF_DeleteTensor(TF_Tensor *tensor);

extern TF_KernelBuilder *TF_NewKernelBuilder(const char *op_name, const char *device_name,
                                             void *(*create_func)(TF_OpKernelConstruction *),
                                             void (*compute_func)(void *, TF_OpKernelContext *),
                                             void (*delete_func)(void *));
extern void TF_RegisterKernelBuilder(const char *kernel_name, TF_KernelBuilder *builder, TF_Status *status);
extern void TF_OpKernelConstruction_GetAttrBool(TF_OpKernelConstruction *ctx, const char *attr_name, TF_Bool *val,
                                                TF_Status *status);
extern void TF_OpKernelConstruction_GetAttrInt32(TF_OpKernelConstruction *ctx, const char *attr_name, int32_t *val,
                                                 TF_Status *status);
extern void TF_OpKernelConstruction_Failure(TF_OpKernelConstruction *ctx, TF_Status *status);
extern void TF_GetInput(TF_OpKernelContext *ctx, int i, TF_Tensor **tensor, TF_Status *status);
extern TF_Tensor *TF_AllocateOutput(TF_OpKernelContext *context, int index, int dtype, const int64_t *dims,
                                    int num_dims, size_t len, TF_Status *status);
extern void TF_OpKernelContext_Failure(TF_OpKernelContext *ctx, TF_Status *status);

extern TF_OpDefinitionBuilder *TF_NewOpDefinitionBuilder(const char *op_name);
extern void TF_OpDefinitionBuilderAddInput(TF_OpDefinitionBuilder *builder, const char *input_spec);
extern void TF_OpDefinitionBuilderAddOutput(TF_OpDefinitionBuilder *builder, const char *output_spec);
extern void TF_OpDefinitionBuilderAddAttr(TF_OpDefinitionBuilder *builder, const char *attr_spec);
extern void TF_OpDefinitionBuilderSetShapeInferenceFunction(
        TF_OpDefinitionBuilder *builder, void (*shape_inference_func)(TF_ShapeInferenceContext *, TF_Status *));
extern void TF_RegisterOpDefinition(TF_OpDefinitionBuilder *builder, TF_Status *status);
extern TF_ShapeHandle *TF_NewShapeHandle(void);
extern void TF_DeleteShapeHandle(TF_ShapeHandle *handle);
extern void TF_ShapeInferenceContextGetInput(TF_ShapeInferenceContext *ctx, int i, TF_ShapeHandle *handle,
                                             TF_Status *status);
extern void TF_ShapeInferenceContextSetOutput(TF_ShapeInferenceContext *ctx, int i, TF_ShapeHandle *handle,
                                              TF_Status *status);

#define OP_NAME "SeqconvGruStates"

/* The activations, numbered as the Java side (TfGruStates.Activations) passes them. */
enum {
    ACTIVATION_LINEAR = 0,
    ACTIVATION_RELU = 1,
    ACTIVATION_SIGMOID = 2,
    ACTIVATION_TANH = 3,
    ACTIVATION_HARD_SIGMOID = 4,        /* Keras 3: clip(x / 6 + 0.5, 0, 1) */
    ACTIVATION_HARD_SIGMOID_KERAS2 = 5, /* Keras 2: clip(0.2·x + 0.5, 0, 1) */
    ACTIVATION_COUNT = 6
};

typedef struct {
    int reset_after;
    int activation;
    int recurrent_activation;
} GruConfig;

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

/* x[i] = a(x[i]) for i < n. */
__attribute__((target_clones("avx2", "default")))
static void activate(int activation, float *restrict x, int64_t n) {
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
static void add_row_times_matrix(const float *restrict v, int64_t rows, const float *restrict w, int64_t stride,
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

/*
 * One sample's sequence. xz, xr, xh, states: (time, units) rows of that sample; scratch: 4·units floats.
 */
static void run_sequence(const GruConfig *config, int64_t time, int64_t units, const float *xz, const float *xr,
                         const float *xh, const float *kernel, const float *bias, float *states, float *scratch) {
    const int64_t width = 3 * units;
    float *projection = scratch;       /* h_{t−1}·[U_z U_r U_h] + b' */
    float *reset_state = scratch + width; /* r_t ⊙ h_{t−1}, reset before only */
    float *previous = NULL;            /* h_{t−1}; NULL for h_0 = 0 */
    for (int64_t t = 0; t < time; t++) {
        const int64_t row = t * units;
        float *z = projection, *r = projection + units, *c = projection + 2 * units;
        memcpy(projection, bias, (size_t) width * sizeof(float));
        if (previous != NULL) {
            add_row_times_matrix(previous, units, kernel, width,
                                 projection, config->reset_after ? width : 2 * units);
        }
        for (int64_t j = 0; j < units; j++) {
            z[j] = xz[row + j] + z[j];
            r[j] = xr[row + j] + r[j];
        }
        activate(config->recurrent_activation, projection, 2 * units);
        if (config->reset_after) {
            for (int64_t j = 0; j < units; j++) c[j] = xh[row + j] + r[j] * c[j];
        } else {
            memset(c, 0, (size_t) units * sizeof(float));
            if (previous != NULL) {
                for (int64_t j = 0; j < units; j++) reset_state[j] = r[j] * previous[j];
                add_row_times_matrix(reset_state, units, kernel + 2 * units, width, c, units);
            }
            for (int64_t j = 0; j < units; j++) c[j] = xh[row + j] + c[j];
        }
        activate(config->activation, c, units);
        float *h = states + row;
        for (int64_t j = 0; j < units; j++) {
            float kept = previous != NULL ? z[j] * previous[j] : 0.0f;
            h[j] = kept + (1.0f - z[j]) * c[j];
        }
        previous = h;
    }
}

static void *create(TF_OpKernelConstruction *ctx) {
    GruConfig *config = calloc(1, sizeof(GruConfig));
    TF_Status *status = TF_NewStatus();
    TF_Bool reset_after = 1;
    int32_t activation = 0, recurrent_activation = 0;
    TF_OpKernelConstruction_GetAttrBool(ctx, "reset_after", &reset_after, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_OpKernelConstruction_GetAttrInt32(ctx, "activation", &activation, status);
    }
    if (TF_GetCode(status) == TF_OK) {
        TF_OpKernelConstruction_GetAttrInt32(ctx, "recurrent_activation", &recurrent_activation, status);
    }
    if (TF_GetCode(status) == TF_OK && config == NULL) {
        TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, OP_NAME ": out of memory");
    }
    if (TF_GetCode(status) == TF_OK && (activation < 0 || activation >= ACTIVATION_COUNT
                                        || recurrent_activation < 0 || recurrent_activation >= ACTIVATION_COUNT)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, OP_NAME ": unknown activation number");
    }
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelConstruction_Failure(ctx, status);
    }
    TF_DeleteStatus(status);
    if (config != NULL) {
        config->reset_after = reset_after != 0;
        config->activation = activation;
        config->recurrent_activation = recurrent_activation;
    }
    return config;
}

static void destroy(void *kernel) {
    free(kernel);
}

static int valid_shapes(TF_Tensor *const *in, int64_t *batch, int64_t *time, int64_t *units) {
    if (TF_NumDims(in[0]) != 3 || TF_NumDims(in[3]) != 2 || TF_NumDims(in[4]) != 1) return 0;
    *batch = TF_Dim(in[0], 0);
    *time = TF_Dim(in[0], 1);
    *units = TF_Dim(in[0], 2);
    for (int i = 1; i < 3; i++) {
        if (TF_NumDims(in[i]) != 3 || TF_Dim(in[i], 0) != *batch || TF_Dim(in[i], 1) != *time
            || TF_Dim(in[i], 2) != *units) return 0;
    }
    return TF_Dim(in[3], 0) == *units && TF_Dim(in[3], 1) == 3 * *units && TF_Dim(in[4], 0) == 3 * *units;
}

static void compute(void *kernel, TF_OpKernelContext *ctx) {
    const GruConfig *config = kernel;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *in[5] = {NULL, NULL, NULL, NULL, NULL};
    TF_Tensor *out = NULL;
    float *scratch = NULL;
    int64_t batch = 0, time = 0, units = 0;
    for (int i = 0; i < 5 && TF_GetCode(status) == TF_OK; i++) TF_GetInput(ctx, i, &in[i], status);
    if (TF_GetCode(status) == TF_OK && !valid_shapes(in, &batch, &time, &units)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, OP_NAME ": inputs must be (batch, time, units) alike, the "
                     "recurrent kernel (units, 3·units) and the recurrent bias (3·units)");
    }
    if (TF_GetCode(status) == TF_OK) {
        int64_t dims[3] = {batch, time, units};
        out = TF_AllocateOutput(ctx, 0, TF_FLOAT, dims, 3, (size_t) (batch * time * units) * sizeof(float), status);
    }
    if (TF_GetCode(status) == TF_OK && units > 0) {
        scratch = malloc((size_t) (4 * units) * sizeof(float));
        if (scratch == NULL) TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, OP_NAME ": out of memory");
    }
    if (TF_GetCode(status) == TF_OK && units > 0) {
        const float *xz = TF_TensorData(in[0]), *xr = TF_TensorData(in[1]), *xh = TF_TensorData(in[2]);
        const float *recurrent_kernel = TF_TensorData(in[3]), *recurrent_bias = TF_TensorData(in[4]);
        float *states = TF_TensorData(out);
        for (int64_t b = 0; b < batch; b++) {
            int64_t offset = b * time * units;
            run_sequence(config, time, units, xz + offset, xr + offset, xh + offset, recurrent_kernel,
                         recurrent_bias, states + offset, scratch);
        }
    }
    if (TF_GetCode(status) != TF_OK) TF_OpKernelContext_Failure(ctx, status);
    free(scratch);
    for (int i = 0; i < 5; i++) {
        if (in[i] != NULL) TF_DeleteTensor(in[i]);
    }
    if (out != NULL) TF_DeleteTensor(out);
    TF_DeleteStatus(status);
}

/* The states have input_z's shape. */
static void infer_shape(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    TF_ShapeHandle *shape = TF_NewShapeHandle();
    TF_ShapeInferenceContextGetInput(ctx, 0, shape, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSetOutput(ctx, 0, shape, status);
    TF_DeleteShapeHandle(shape);
}

/* Runs when TF_LoadLibrary opens this library: TensorFlow lists the operations registered meanwhile. */
__attribute__((constructor))
static void register_operation(void) {
    TF_Status *status = TF_NewStatus();
    TF_OpDefinitionBuilder *op = TF_NewOpDefinitionBuilder(OP_NAME);
    TF_OpDefinitionBuilderAddInput(op, "input_z: float");
    TF_OpDefinitionBuilderAddInput(op, "input_r: float");
    TF_OpDefinitionBuilderAddInput(op, "input_h: float");
    TF_OpDefinitionBuilderAddInput(op, "recurrent_kernel: float");
    TF_OpDefinitionBuilderAddInput(op, "recurrent_bias: float");
    TF_OpDefinitionBuilderAddOutput(op, "states: float");
    TF_OpDefinitionBuilderAddAttr(op, "reset_after: bool");
    TF_OpDefinitionBuilderAddAttr(op, "activation: int");
    TF_OpDefinitionBuilderAddAttr(op, "recurrent_activation: int");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(op, infer_shape);
    TF_RegisterOpDefinition(op, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_KernelBuilder *builder = TF_NewKernelBuilder(OP_NAME, "CPU", create, compute, destroy);
        TF_RegisterKernelBuilder(OP_NAME, builder, status);
    }
    TF_DeleteStatus(status);
}
