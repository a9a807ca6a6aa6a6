package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.LstmRecurrence;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.GruInferenceKernel;
import dev.seqconv.api.spi.LstmInferenceKernel;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;

/**
 * The GRU's and the LSTM's recurrences for prediction, each as one operation of seqconv's own ({@link TfNativeOps};
 * {@code src/main/c}): the {@link GruRecurrence}'s or {@link LstmRecurrence}'s formula over the whole sequence in
 * one kernel call, where TensorFlow's own operations take 12 (GRU) or ~26 (LSTM) graph nodes a time step, unrolled
 * or in a while loop. Without masks (prediction has none) and for the element-wise activations; a GRU without a
 * recurrent bias gets zeros.
 */
final class TfRecurrences implements GruInferenceKernel, LstmInferenceKernel {

    private final Ops tf;

    TfRecurrences(Ops tf) {
        this.tf = tf;
    }

    @Override
    public boolean supports(GruRecurrence recurrence) {
        return supported(recurrence.stateMasks(), recurrence.activation(), recurrence.recurrentActivation());
    }

    @Override
    public boolean supports(LstmRecurrence recurrence) {
        return supported(recurrence.stateMasks(), recurrence.activation(), recurrence.recurrentActivation());
    }

    @Override
    public Tensor states(GruRecurrence recurrence) {
        List<Tensor> inputs = new ArrayList<>(List.of(recurrence.inputZ(), recurrence.inputR(), recurrence.inputH(),
                recurrence.recurrentKernel()));
        inputs.add(recurrence.recurrentBias() != null ? recurrence.recurrentBias()
                : new TfTensor(tf.constant(new float[3 * recurrence.units()])));
        return new TfTensor(operation(TfNativeOps.GRU_STATES, inputs, recurrence.activation(),
                recurrence.recurrentActivation()).setAttr("reset_after", recurrence.resetAfter()).build().output(0));
    }

    @Override
    public Tensor states(LstmRecurrence recurrence) {
        List<Tensor> inputs = new ArrayList<>(recurrence.inputs());
        inputs.add(recurrence.recurrentKernel());
        return new TfTensor(operation(TfNativeOps.LSTM_STATES, inputs, recurrence.activation(),
                recurrence.recurrentActivation()).build().output(0));
    }

    private OperationBuilder operation(String type, List<Tensor> inputs, Activation activation,
                                       Activation recurrentActivation) {
        OperationBuilder builder = tf.scope().opBuilder(type, type);
        for (Tensor input : inputs) {
            builder.addInput(operandOf(input).asOutput());
        }
        return builder.setAttr("activation", number(activation))
                .setAttr("recurrent_activation", number(recurrentActivation));
    }

    private static boolean supported(List<Tensor> stateMasks, Activation activation, Activation recurrentActivation) {
        return stateMasks.isEmpty() && number(activation) >= 0 && number(recurrentActivation) >= 0;
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
