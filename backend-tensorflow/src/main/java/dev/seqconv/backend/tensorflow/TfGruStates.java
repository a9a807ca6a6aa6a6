package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.GruInferenceKernel;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A GRU's recurrence for prediction as one operation, seqconv's {@value TfNativeOps#GRU_STATES} ({@link
 * TfNativeOps}; {@code src/main/c/seqconv_gru.c}): the {@link GruRecurrence}'s formula over the whole sequence in
 * one kernel call, where TensorFlow's own operations take ~12 graph nodes a time step, unrolled or in a while loop.
 * Without masks (prediction has none) and for the element-wise activations; a recurrence without a recurrent bias
 * gets zeros.
 */
final class TfGruStates implements GruInferenceKernel {

    private final Ops tf;

    TfGruStates(Ops tf) {
        this.tf = tf;
    }

    @Override
    public boolean supports(GruRecurrence recurrence) {
        return recurrence.stateMasks().isEmpty() && number(recurrence.activation()) >= 0
                && number(recurrence.recurrentActivation()) >= 0;
    }

    @Override
    public Tensor states(GruRecurrence recurrence) {
        Operand<TFloat32> bias = recurrence.recurrentBias() != null ? operandOf(recurrence.recurrentBias())
                : tf.constant(new float[3 * recurrence.units()]);
        OperationBuilder builder = tf.scope().opBuilder(TfNativeOps.GRU_STATES, TfNativeOps.GRU_STATES);
        for (Tensor input : new Tensor[] {recurrence.inputZ(), recurrence.inputR(), recurrence.inputH(),
                recurrence.recurrentKernel()}) {
            builder.addInput(operandOf(input).asOutput());
        }
        builder.addInput(bias.asOutput());
        return new TfTensor(builder.setAttr("reset_after", recurrence.resetAfter())
                .setAttr("activation", number(recurrence.activation()))
                .setAttr("recurrent_activation", number(recurrence.recurrentActivation()))
                .build().output(0));
    }

    /** The activation's number in {@code seqconv_gru.c} ({@code ACTIVATION_*}), or −1 where it has none. */
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
