package dev.seqconv.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each api package's {@code package-info.java} says what it may depend on ("Depends on: {@code ops},
 * {@code ndarray}." or "Depends on nothing in seqconv."); this checks that its code uses no other api package.
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
