#include "kernels.h"

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
