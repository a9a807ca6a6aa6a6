package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Natives that cannot run on this CPU are reported as unavailable before loading, instead of killing the JVM. */
class NativeBuildBadInputTest {

    /** A class loader on which the given libnd4j build's resources are present. */
    private static ClassLoader withBuild(String classifier) {
        return new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                return name.contains("/" + classifier + "/") ? NativeBuildBadInputTest.class.getResource("/") : null;
            }
        };
    }

    @Test
    void anAvx2BuildOnACpuWithoutAvx2IsRefusedWithTheFix() {
        assertThat(NativeBuild.incompatibility(withBuild("linux-x86_64-avx2"), Set.of("sse4_2", "avx")))
                .get().asString().contains("linux-x86_64-avx2").contains("[avx2, fma]").contains("SIGILL")
                .contains("classifier linux-x86_64");
        assertThat(NativeBuild.incompatibility(withBuild("linux-x86_64-avx2"), Set.of("avx2", "fma"))).isEmpty();
    }

    @Test
    void anAvx512BuildWithoutAvx512IsRefused() {
        assertThat(NativeBuild.incompatibility(withBuild("linux-x86_64-avx512"), Set.of("avx2", "fma")))
                .get().asString().contains("avx512f");
        assertThat(NativeBuild.loaded(withBuild("linux-x86_64-avx512"))).isEqualTo("linux-x86_64-avx512");
    }

    @Test
    void theGenericBuildNeedsNothing() {
        assertThat(NativeBuild.incompatibility(withBuild("linux-x86_64"), Set.of())).isEmpty();
        assertThat(NativeBuild.loaded(withBuild("linux-x86_64"))).isEqualTo("linux-x86_64");
    }
}
