package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A function's calls get back the arrays of its previous call only for requests of the same type and shape, never
 * one array for two requests of a call, and the executor's results stay right across calls of changing shapes.
 */
class CallArraysTest {

    private static final org.nd4j.linalg.api.buffer.DataType FLOAT = org.nd4j.linalg.api.buffer.DataType.FLOAT;

    @Test
    void aCallGetsThePreviousCallsArraysForTheSameRequests() {
        try (CallArrays arrays = new CallArrays()) {
            List<INDArray> first = call(arrays, c -> List.of(take(2, 3), take(2, 3), take(5)));
            List<INDArray> second = call(arrays, c -> List.of(take(2, 3), take(2, 3), take(5)));

            assertThat(second).as("the second call's arrays").hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(second.get(i)).as("request %d", i).isSameAs(first.get(i));
            }
            assertThat(first.get(0)).as("two requests of one call").isNotSameAs(first.get(1));
        }
    }

    @Test
    void aSlotTakesAChangedShapeOnlyWhenTwoCallsRunningAskForIt() {
        try (CallArrays arrays = new CallArrays()) {
            INDArray wide = call(arrays, c -> List.of(take(4, 8))).get(0);
            INDArray narrowOnce = call(arrays, c -> List.of(take(3, 8))).get(0);
            INDArray wideAgain = call(arrays, c -> List.of(take(4, 8))).get(0);
            INDArray narrowAgain = call(arrays, c -> List.of(take(3, 8))).get(0);
            assertThat(wide.wasClosed()).as("the slot's array, the shapes alternating").isFalse();
            INDArray narrow = call(arrays, c -> List.of(take(3, 8))).get(0);
            INDArray narrowKept = call(arrays, c -> List.of(take(3, 8))).get(0);

            assertThat(narrowOnce.shape()).containsExactly(3, 8);
            assertThat(wideAgain).as("the slot's array after one call of another shape").isSameAs(wide);
            assertThat(narrowAgain).isNotSameAs(wide).isNotSameAs(narrowOnce);
            assertThat(narrow).isNotSameAs(wide).isNotSameAs(narrowAgain);
            assertThat(narrowKept).as("the new shape, asked for twice running, is the slot's").isSameAs(narrow);
            assertThat(wide.wasClosed()).as("the replaced array freed").isTrue();
        }
    }

    @Test
    void aRequestOfAnotherTypeNeverGetsTheSlotsArray() {
        try (CallArrays arrays = new CallArrays()) {
            INDArray floats = call(arrays, c -> List.of(take(6))).get(0);
            INDArray bytes = call(arrays, c -> List.of(CallArrays.uninitialized(
                    org.nd4j.linalg.api.buffer.DataType.BYTE, 6))).get(0);

            assertThat(bytes).isNotSameAs(floats);
            assertThat(bytes.dataType()).isEqualTo(org.nd4j.linalg.api.buffer.DataType.BYTE);
        }
    }

    @Test
    void outsideACallEveryRequestIsANewArray() {
        try (CallArrays arrays = new CallArrays()) {
            call(arrays, c -> List.of(take(2, 2)));

            assertThat(take(2, 2)).isNotSameAs(take(2, 2));
        }
    }

    @Test
    void aCallOfAnotherFunctionInsideACallHasItsOwnArrays() {
        try (CallArrays outer = new CallArrays(); CallArrays inner = new CallArrays()) {
            List<INDArray> seen = call(outer, c -> {
                INDArray before = take(2, 2);
                INDArray nested = call(inner, d -> List.of(take(2, 2))).get(0);
                INDArray after = take(2, 2);
                return List.of(before, nested, after);
            });
            List<INDArray> again = call(outer, c -> List.of(take(2, 2), take(2, 2)));

            assertThat(seen.get(1)).isNotSameAs(seen.get(0)).isNotSameAs(seen.get(2));
            assertThat(again).containsExactly(seen.get(0), seen.get(2));
        }
    }

    @Test
    void aFunctionsCallInsideItsOwnCallIsRefused() {
        try (CallArrays arrays = new CallArrays()) {
            assertThatThrownBy(() -> call(arrays, c -> call(arrays, d -> List.of())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("same thread");
        }
    }

    @Test
    void aCallGetsThePreviousCallsViewOnlyOfTheSameArrayAndShape() {
        try (CallArrays arrays = new CallArrays()) {
            INDArray source = take(2, 6);
            INDArray other = take(2, 6);
            List<INDArray> first = call(arrays, c -> List.of(view(source, 3, 4), view(source, 4, 3)));
            List<INDArray> second = call(arrays, c -> List.of(view(source, 3, 4), view(source, 4, 3)));
            List<INDArray> changed = call(arrays, c -> List.of(view(other, 3, 4), view(source, 6, 2)));

            assertThat(second).containsExactlyElementsOf(first);
            assertThat(changed.get(0)).as("a view of another array").isNotSameAs(first.get(0));
            assertThat(changed.get(0).data().address()).as("its memory").isEqualTo(other.data().address());
            assertThat(changed.get(1).shape()).as("a view of another shape").containsExactly(6, 2);
        }
    }

    @Test
    void outsideACallEveryViewIsNew() {
        INDArray source = take(2, 6);

        assertThat(view(source, 3, 4)).isNotSameAs(view(source, 3, 4));
    }

    @Test
    void closingFreesTheArrays() {
        CallArrays arrays = new CallArrays();
        INDArray kept = call(arrays, c -> List.of(take(16))).get(0);

        arrays.close();

        assertThat(kept.wasClosed()).isTrue();
    }

    /** Each call's results are right, and earlier results unchanged, whatever the order of the calls' shapes. */
    @Test
    void theExecutorsResultsStayRightAcrossCallsOfChangingShapes() {
        try (Nd4jExecutor executor = new Nd4jExecutor()) {
            CompiledFunction affine = executor.compile(new FunctionDefinition("affine",
                    List.of(new TensorSpec("x", Shape.of(Shape.UNKNOWN, 40), DataType.FLOAT32)),
                    (kernels, in) -> new FunctionResult(List.of(kernels.add(
                            kernels.multiply(in.get(0), kernels.scalar(2f)), kernels.scalar(1f))), List.of())));
            List<NdArray> inputs = new ArrayList<>();
            List<NdArray> results = new ArrayList<>();
            int[] rows = {64, 64, 7, 64, 7, 7, 64, 64, 7};
            for (int i = 0; i < rows.length; i++) {
                NdArray x = ramp(rows[i], i);
                inputs.add(x);
                results.add(affine.call(List.of(x)).get(0));
            }

            for (int i = 0; i < rows.length; i++) {
                float[] x = inputs.get(i).toFloatArray();
                float[] y = results.get(i).toFloatArray();
                assertThat(y).as("call %d", i).hasSize(x.length);
                for (int j = 0; j < x.length; j++) {
                    assertThat(y[j]).as("call %d, value %d", i, j).isEqualTo(2 * x[j] + 1);
                }
            }
        }
    }

    private static NdArray ramp(int rows, int call) {
        float[] values = new float[rows * 40];
        for (int i = 0; i < values.length; i++) {
            values[i] = call * 1000 + i;
        }
        return NdArray.wrapFloats(Shape.of(rows, 40), values);
    }

    private static INDArray view(INDArray source, long... shape) {
        return CallArrays.view(source, shape, () -> source.reshape('c', shape));
    }

    private static INDArray take(long... shape) {
        return CallArrays.uninitialized(FLOAT, shape);
    }

    private static List<INDArray> call(CallArrays arrays, Function<CallArrays, List<INDArray>> body) {
        try (CallArrays.Scope ignored = arrays.activate()) {
            return body.apply(arrays);
        }
    }
}
