#include "operation.h"

void register_operation(const Operation *operation) {
    TF_Status *status = TF_NewStatus();
    TF_OpDefinitionBuilder *op = TF_NewOpDefinitionBuilder(operation->name);
    for (int i = 0; i < OPERATION_MAX_SPECS && operation->inputs[i] != NULL; i++) {
        TF_OpDefinitionBuilderAddInput(op, operation->inputs[i]);
    }
    TF_OpDefinitionBuilderAddOutput(op, operation->output);
    for (int i = 0; i < OPERATION_MAX_SPECS && operation->attributes[i] != NULL; i++) {
        TF_OpDefinitionBuilderAddAttr(op, operation->attributes[i]);
    }
    TF_OpDefinitionBuilderSetShapeInferenceFunction(op, operation->infer_shape);
    TF_RegisterOpDefinition(op, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_KernelBuilder *builder = TF_NewKernelBuilder(operation->name, "CPU", operation->create, operation->compute,
                                                        operation->destroy);
        TF_RegisterKernelBuilder(operation->name, builder, status);
    }
    TF_DeleteStatus(status);
}
