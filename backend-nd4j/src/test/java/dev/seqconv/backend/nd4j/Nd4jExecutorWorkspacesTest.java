package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model called from a thread other than the one that closes it leaves no workspace memory on that thread, and
 * one closed on the thread that called it leaves not even the workspace objects there (issue 25).
 */
class Nd4jExecutorWorkspacesTest {

    @Test
    void closingFreesTheWorkspacesOfEveryThreadThatCalled() throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Nd4jExecutor executor = new Nd4jExecutor();
            // exp is libnd4j's, whose result ND4J makes in the workspace (the backend's own kernels take CallArrays').
            CompiledFunction exp = executor.compile(new FunctionDefinition("exp",
                    List.of(new TensorSpec("x", Shape.of(Shape.UNKNOWN, 256), DataType.FLOAT32)),
                    (kernels, in) -> new FunctionResult(List.of(kernels.exp(in.get(0))), List.of())));
            NdArray x = NdArray.zeros(Shape.of(64, 256));
            caller.submit(() -> exp.call(List.of(x))).get();
            caller.submit(() -> exp.call(List.of(x))).get();
            assertThat(caller.submit(Nd4jExecutorWorkspacesTest::bytesInThisThreadsWorkspaces).get()).isPositive();

            executor.close();

            assertThat(caller.submit(Nd4jExecutorWorkspacesTest::bytesInThisThreadsWorkspaces).get())
                    .as("bytes left in the calling thread's workspaces after the executor was closed on another")
                    .isZero();
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void closingOnTheCallingThreadLeavesNoWorkspaceRegisteredThere() {
        List<String> before = Nd4j.getWorkspaceManager().getAllWorkspacesIdsForCurrentThread();
        Nd4jExecutor executor = new Nd4jExecutor();
        CompiledFunction twice = executor.compile(new FunctionDefinition("twice",
                List.of(new TensorSpec("x", Shape.of(Shape.UNKNOWN, 8), DataType.FLOAT32)),
                (kernels, in) -> new FunctionResult(List.of(kernels.add(in.get(0), in.get(0))), List.of())));
        twice.call(List.of(NdArray.zeros(Shape.of(4, 8))));

        executor.close();

        assertThat(Nd4j.getWorkspaceManager().getAllWorkspacesIdsForCurrentThread())
                .as("this thread's workspaces after a model built, called and closed on it")
                .containsExactlyInAnyOrderElementsOf(before);
    }

    private static long bytesInThisThreadsWorkspaces() {
        return Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread().stream()
                .filter(w -> w.getId().startsWith("seqconv-")).mapToLong(MemoryWorkspace::getCurrentSize).sum();
    }
}
