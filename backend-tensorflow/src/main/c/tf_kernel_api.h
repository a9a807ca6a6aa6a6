/*
 * The few functions of TensorFlow's C API (tensorflow/c/c_api.h, tf_tensor.h, kernels.h, ops.h) that seqconv's
 * operations call, declared here because TensorFlow Java's native jar ships the library without its headers. The
 * library links against libtensorflow_framework.so.2, which exports them.
 */
#ifndef SEQCONV_TF_KERNEL_API_H
#define SEQCONV_TF_KERNEL_API_H

#include <stddef.h>
#include <stdint.h>

typedef struct TF_Status TF_Status;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_KernelBuilder TF_KernelBuilder;
typedef struct TF_OpKernelConstruction TF_OpKernelConstruction;
typedef struct TF_OpKernelContext TF_OpKernelContext;
typedef struct TF_OpDefinitionBuilder TF_OpDefinitionBuilder;
typedef struct TF_ShapeHandle TF_ShapeHandle;
typedef struct TF_DimensionHandle TF_DimensionHandle;
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
extern void TF_ShapeInferenceContextSubshape(TF_ShapeInferenceContext *ctx, TF_ShapeHandle *shape_handle,
                                             int64_t start, int64_t end, TF_ShapeHandle *result, TF_Status *status);
extern void TF_ShapeInferenceContextConcatenateShapes(TF_ShapeInferenceContext *ctx, TF_ShapeHandle *first,
                                                      TF_ShapeHandle *second, TF_ShapeHandle *result,
                                                      TF_Status *status);
extern TF_ShapeHandle *TF_ShapeInferenceContextVectorFromSize(TF_ShapeInferenceContext *ctx, size_t size);
extern TF_DimensionHandle *TF_NewDimensionHandle(void);
extern void TF_DeleteDimensionHandle(TF_DimensionHandle *handle);
extern void TF_ShapeInferenceContextDim(TF_ShapeInferenceContext *ctx, TF_ShapeHandle *shape_handle, int64_t i,
                                        TF_DimensionHandle *result);
extern int TF_DimensionHandleValueKnown(TF_DimensionHandle *dim_handle);
extern int64_t TF_DimensionHandleValue(TF_DimensionHandle *dim_handle);
extern void TF_ShapeInferenceContextSetUnknownShape(TF_ShapeInferenceContext *ctx, TF_Status *status);
extern void TF_ShapeInferenceContextSetOutput(TF_ShapeInferenceContext *ctx, int i, TF_ShapeHandle *handle,
                                              TF_Status *status);

#endif
