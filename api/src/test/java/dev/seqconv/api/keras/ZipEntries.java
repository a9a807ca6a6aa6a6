package dev.seqconv.api.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** A zip archive's entries in order, to change a {@code .keras} archive in a test and zip it again. */
public final class ZipEntries {

    private ZipEntries() {
    }

    /** The entries of {@code archive}, by name, in the archive's order (a mutable map). */
    public static Map<String, byte[]> read(Path archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** {@code archive} written again as {@code file}, the text of its entry {@code name} changed by {@code change}. */
    public static Path withEntry(Path archive, String name, UnaryOperator<String> change, Path file)
            throws IOException {
        Map<String, byte[]> entries = read(archive);
        String text = new String(entries.get(name), StandardCharsets.UTF_8);
        entries.put(name, change.apply(text).getBytes(StandardCharsets.UTF_8));
        return write(file, entries);
    }

    /** Writes {@code entries} as the zip archive {@code file}. */
    public static Path write(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
