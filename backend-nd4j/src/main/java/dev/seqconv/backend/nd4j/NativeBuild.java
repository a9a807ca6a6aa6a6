package dev.seqconv.backend.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which libnd4j builds are on the classpath, and whether this CPU can run them. JavaCPP loads the most
 * specific build it finds; an AVX-512 or AVX2 build on a CPU without those instructions kills the JVM with
 * SIGILL before any Java code can react, so this is checked before loading.
 */
final class NativeBuild {

    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    /** A libnd4j build and the CPU flags it needs. */
    private record Build(String classifier, Set<String> flags) {
    }

    private static final List<Build> SPECIFIC_BUILDS = List.of(
            new Build("linux-x86_64-avx512", Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq")),
            new Build("linux-x86_64-avx2", Set.of("avx2", "fma")));

    private NativeBuild() {
    }

    /** Why the libnd4j build that JavaCPP would load cannot run on this CPU, if it cannot. */
    static Optional<String> incompatibility(ClassLoader loader, Set<String> cpuFlags) {
        for (Build build : SPECIFIC_BUILDS) {
            if (loader.getResource(BINDINGS + build.classifier() + "/") == null) {
                continue;
            }
            Set<String> missing = build.flags().stream().filter(f -> !cpuFlags.contains(f))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            if (!cpuFlags.isEmpty() && !missing.isEmpty()) {
                return Optional.of("ND4J's " + build.classifier() + " natives are on the classpath but this CPU lacks "
                        + missing + "; loading them would kill the JVM (SIGILL). Use the generic build: depend on "
                        + "nd4j-native with classifier linux-x86_64 (seqconv's default; drop -Pavx2 or the avx512 jar)");
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The classifier of the libnd4j build JavaCPP loads: the most specific one on the classpath. */
    static String loaded(ClassLoader loader) {
        return SPECIFIC_BUILDS.stream().map(Build::classifier)
                .filter(c -> loader.getResource(BINDINGS + c + "/") != null)
                .findFirst().orElse("linux-x86_64");
    }

    /** The CPU's feature flags from {@code /proc/cpuinfo}; empty where it cannot be read. */
    static Set<String> cpuFlags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))).orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
