package dev.seqconv.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each api package's {@code package-info.java} says what it may depend on ("Depends on: {@code ops},
 * {@code ndarray}." or "Depends on nothing in seqconv."); this checks that its code uses no other api package,
 * and that no package depends on itself through others (no cycle).
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/seqconv/api");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.seqconv\\.api\\.([a-z]+)\\.");
    private static final Pattern ALLOWED = Pattern.compile("\\{@code ([a-z]+)}");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    @Test
    void everyPackageUsesOnlyWhatItsDocumentationAllows() throws IOException {
        TreeMap<String, Set<String>> violations = new TreeMap<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path dir : packages.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                Set<String> allowed = allowed(dir.resolve("package-info.java"));
                Set<String> used = used(dir);
                used.remove(name);
                used.removeAll(allowed);
                if (!used.isEmpty()) {
                    violations.put(name, used);
                }
            }
        }
        assertThat(violations).as("packages using api packages their package-info does not allow").isEmpty();
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        TreeMap<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path dir : packages.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                Set<String> used = used(dir);
                used.remove(name);
                uses.put(name, used);
            }
        }
        List<List<String>> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> cycle = cycleThrough(start, uses);
            if (!cycle.isEmpty()) {
                cycles.add(cycle);
            }
        }
        assertThat(cycles).as("package cycles (each from a package back to itself)").isEmpty();
    }

    /** A shortest path of uses from {@code start} back to it, or empty (breadth first). */
    private static List<String> cycleThrough(String start, Map<String, Set<String>> uses) {
        Map<String, String> previous = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(uses.getOrDefault(start, Set.of()));
        uses.getOrDefault(start, Set.of()).forEach(next -> previous.put(next, start));
        while (!queue.isEmpty()) {
            String current = queue.poll();
            if (current.equals(start)) {
                List<String> path = new ArrayList<>(List.of(start));
                for (String p = previous.get(start); !p.equals(start); p = previous.get(p)) {
                    path.add(0, p);
                }
                path.add(0, start);
                return path;
            }
            for (String next : uses.getOrDefault(current, Set.of())) {
                if (!previous.containsKey(next)) {
                    previous.put(next, current);
                    queue.add(next);
                }
            }
        }
        return List.of();
    }

    private static Set<String> allowed(Path packageInfo) throws IOException {
        assertThat(packageInfo).as("package documentation").exists();
        String text = Files.readString(packageInfo);
        int start = text.indexOf("Depends on");
        assertThat(start).as(packageInfo + " says what the package depends on").isNotNegative();
        Matcher end = Pattern.compile("\\.(\\s|$)").matcher(text);
        String sentence = text.substring(start, end.find(start) ? end.start() : text.length());
        Set<String> allowed = new TreeSet<>();
        Matcher m = ALLOWED.matcher(sentence);
        while (m.find()) {
            allowed.add(m.group(1));
        }
        return allowed;
    }

    private static Set<String> used(Path dir) throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        return used;
    }
}
