package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.LstmRecurrence;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.GruInferenceKernel;
import dev.seqconv.api.spi.LstmInferenceKernel;
import java.util.List;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;

/**
 * The GRU's and the LSTM's recurrences for prediction, each as one operation of seqconv's own ({@link TfNativeOps};
 * {@code src/main/c}): the {@link GruRecurrence}'s or {@link LstmRecurrence}'s formula over the whole sequence in
 * one kernel call, where TensorFlow's own operations take 12 (GRU) or ~26 (LSTM) graph nodes a time step, unrolled
 * or in a while loop. For recurrences whose gates' inputs are slices of one product (the recurrent layers' own,
 * without per-gate input masks), without state masks (prediction has neither), and for the element-wise
 * activations; a GRU without a recurrent bias gets zeros.
 */
final class TfRecurrences implements GruInferenceKernel, LstmInferenceKernel {

    private final Ops tf;

    TfRecurrences(Ops tf) {
        this.tf = tf;
    }

    @Override
    public boolean supports(GruRecurrence recurrence) {
        return supported(recurrence.combinedInputs(), recurrence.stateMasks(), recurrence.activation(),
                recurrence.recurrentActivation());
    }

    @Override
    public boolean supports(LstmRecurrence recurrence) {
        return supported(recurrence.combinedInputs(), recurrence.stateMasks(), recurrence.activation(),
                recurrence.recurrentActivation());
    }

    @Override
    public Tensor states(GruRecurrence recurrence) {
        Tensor bias = recurrence.recurrentBias() != null ? recurrence.recurrentBias()
                : new TfTensor(tf.constant(new float[3 * recurrence.units()]));
        return new TfTensor(operation(TfNativeOps.GRU_STATES, recurrence.combinedInputs(),
                List.of(recurrence.recurrentKernel(), bias), recurrence.activation(), recurrence.recurrentActivation())
                .setAttr("reset_after", recurrence.resetAfter()).build().output(0));
    }

    @Override
    public Tensor states(LstmRecurrence recurrence) {
        return new TfTensor(operation(TfNativeOps.LSTM_STATES, recurrence.combinedInputs(),
                List.of(recurrence.recurrentKernel()), recurrence.activation(), recurrence.recurrentActivation())
                .build().output(0));
    }

    /**
     * The operation on the gates' inputs side by side, the product they were sliced from (the per-gate slices then
     * never run: TensorFlow prunes what the fetched outputs do not need), and the recurrent weights.
     */
    private OperationBuilder operation(String type, Tensor inputs, List<Tensor> recurrentWeights,
                                       Activation activation, Activation recurrentActivation) {
        OperationBuilder builder = tf.scope().opBuilder(type, type).addInput(operandOf(inputs).asOutput());
        for (Tensor weight : recurrentWeights) {
            builder.addInput(operandOf(weight).asOutput());
        }
        return builder.setAttr("activation", number(activation))
                .setAttr("recurrent_activation", number(recurrentActivation));
    }

    private static boolean supported(Tensor combinedInputs, List<Tensor> stateMasks, Activation activation,
                                     Activation recurrentActivation) {
        return combinedInputs != null && stateMasks.isEmpty() && number(activation) >= 0
                && number(recurrentActivation) >= 0;
    }

    /** The activation's number in {@code recurrence.h} ({@code ACTIVATION_*}), or −1 where it has none. */
    private static long number(Activation activation) {
        return switch (activation) {
            case LINEAR -> 0;
            case RELU -> 1;
            case SIGMOID -> 2;
            case TANH -> 3;
            case HARD_SIGMOID -> 4;
            case HARD_SIGMOID_KERAS2 -> 5;
            case SOFTMAX -> -1;
        };
    }
}
