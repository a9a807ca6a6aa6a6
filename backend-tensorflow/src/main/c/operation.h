/*
 * An operation of seqconv's own and its CPU kernel, as TensorFlow's C API registers them: what every operation file
 * describes and then registers from its library constructor (TF_LoadLibrary lists the operations registered while
 * it opens the library).
 */
#ifndef SEQCONV_OPERATION_H
#define SEQCONV_OPERATION_H

#include "tf_kernel_api.h"

#define OPERATION_MAX_SPECS 8

typedef struct {
    const char *name;
    const char *inputs[OPERATION_MAX_SPECS];     /* "name: float", NULL-terminated */
    const char *output;                          /* "name: float" */
    const char *attributes[OPERATION_MAX_SPECS]; /* "name: int", NULL-terminated */
    void (*infer_shape)(TF_ShapeInferenceContext *, TF_Status *);
    void *(*create)(TF_OpKernelConstruction *);
    void (*compute)(void *, TF_OpKernelContext *);
    void (*destroy)(void *);
} Operation;

/* Registers the operation's definition and its kernel on the CPU. */
void register_operation(const Operation *operation);

#endif
