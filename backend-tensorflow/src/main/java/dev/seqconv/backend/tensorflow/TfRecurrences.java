package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.InputProjection;
import dev.seqconv.api.ops.LstmRecurrence;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.GruInferenceKernel;
import dev.seqconv.api.spi.LstmInferenceKernel;
import java.util.List;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;

/**
 * The GRU's and the LSTM's recurrences for prediction, each as one operation of seqconv's own ({@link TfNativeOps};
 * {@code src/main/c}): the layer's input projection {@code x_t·W + b} and the {@link GruRecurrence}'s or {@link
 * LstmRecurrence}'s formula over the whole sequence in one kernel call, keeping every step's state or only the last
 * as the layer returns, where TensorFlow's own operations take a product over the whole sequence and 12 (GRU) or ~26
 * (LSTM) graph nodes a time step, unrolled or in a while loop. For recurrences whose gates' inputs are slices of one
 * product (the recurrent layers' own, without per-gate input masks), without state masks (prediction has neither),
 * and for the element-wise activations; a missing bias is passed as zeros.
 */
final class TfRecurrences implements GruInferenceKernel, LstmInferenceKernel {

    private final Ops tf;

    TfRecurrences(Ops tf) {
        this.tf = tf;
    }

    @Override
    public boolean supports(GruRecurrence recurrence) {
        return supported(recurrence.inputProjection(), recurrence.stateMasks(), recurrence.activation(),
                recurrence.recurrentActivation());
    }

    @Override
    public boolean supports(LstmRecurrence recurrence) {
        return supported(recurrence.inputProjection(), recurrence.stateMasks(), recurrence.activation(),
                recurrence.recurrentActivation());
    }

    @Override
    public Tensor output(GruRecurrence recurrence) {
        Tensor recurrentBias = recurrence.recurrentBias() != null ? recurrence.recurrentBias()
                : zeros(3 * recurrence.units());
        return new TfTensor(operation(TfNativeOps.GRU, recurrence.returnSequences(), recurrence.inputProjection(),
                List.of(recurrence.recurrentKernel(), recurrentBias), recurrence.activation(),
                recurrence.recurrentActivation())
                .setAttr("reset_after", recurrence.resetAfter()).build().output(0));
    }

    @Override
    public Tensor output(LstmRecurrence recurrence) {
        return new TfTensor(operation(TfNativeOps.LSTM, recurrence.returnSequences(), recurrence.inputProjection(),
                List.of(recurrence.recurrentKernel()), recurrence.activation(), recurrence.recurrentActivation())
                .build().output(0));
    }

    /**
     * The operation on the layer's input, kernel and bias (the product the gates' inputs were sliced from then never
     * runs: TensorFlow prunes what the fetched outputs do not need) and the recurrent weights.
     */
    private OperationBuilder operation(String recurrence, boolean everyStep, InputProjection projection,
                                       List<Tensor> recurrentWeights, Activation activation,
                                       Activation recurrentActivation) {
        String type = recurrence + (everyStep ? "States" : "LastState");
        Tensor bias = projection.bias() != null ? projection.bias() : zeros(projection.width());
        OperationBuilder builder = tf.scope().opBuilder(type, type);
        for (Tensor operand : List.of(projection.input(), projection.kernel(), bias)) {
            builder.addInput(operandOf(operand).asOutput());
        }
        for (Tensor weight : recurrentWeights) {
            builder.addInput(operandOf(weight).asOutput());
        }
        return builder.setAttr("activation", TfNativeOps.activation(activation))
                .setAttr("recurrent_activation", TfNativeOps.activation(recurrentActivation));
    }

    private Tensor zeros(int width) {
        return new TfTensor(tf.constant(new float[width]));
    }

    private static boolean supported(InputProjection projection, List<Tensor> stateMasks, Activation activation,
                                     Activation recurrentActivation) {
        return projection != null && stateMasks.isEmpty() && TfNativeOps.activation(activation) >= 0
                && TfNativeOps.activation(recurrentActivation) >= 0;
    }
}
