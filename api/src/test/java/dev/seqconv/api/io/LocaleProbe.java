package dev.seqconv.api.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run by {@link FileNamesTest} in a JVM started under another locale: {@code write NAME} or {@code name NAME}. */
final class LocaleProbe {

    private LocaleProbe() {
    }

    public static void main(String[] args) {
        try {
            if (args[0].equals("write")) {
                AtomicFiles.write(Path.of(args[1]), file -> Files.writeString(file, "written"));
            } else {
                FileNames.of(args[1]);
            }
            System.out.println("ok");
        } catch (RuntimeException e) {
            System.out.println(new String(e.getMessage().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
        }
    }
}
