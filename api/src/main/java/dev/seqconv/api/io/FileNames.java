package dev.seqconv.api.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * File names under a locale whose character set cannot hold them. Java encodes and decodes file names in the
 * character set of the locale it started in ({@code sun.jnu.encoding}); under {@code LANG=C} that is ASCII: a name
 * with any other letter cannot be a path at all, and a working folder with such a name is decoded wrongly, so that
 * relative names would be read and written in another folder (which a save would create). Both are refused here,
 * with the locale to use.
 */
public final class FileNames {

    private static final String LOCALE_ADVICE = "Java encodes file names in the locale's character set, "
            + System.getProperty("sun.jnu.encoding") + ", which holds only some letters; run with a UTF-8 locale, "
            + "e.g. LANG=C.UTF-8 (or LC_ALL=C.UTF-8 where LC_ALL is set)";

    private FileNames() {
    }

    /**
     * {@code name} as a path.
     *
     * @throws IllegalArgumentException naming {@code name}, why it cannot be a path and, where the locale's character
     *                                  set is the cause, the locale to run with; also as {@link #requireResolvable}
     */
    public static Path of(String name) {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + name + "' cannot be a file name here: " + e.getReason()
                    + (utf8() ? "" : ". " + LOCALE_ADVICE), e);
        }
        requireResolvable(path);
        return path;
    }

    /**
     * Refuses a relative {@code file} when Java could not decode the working folder's name: it would resolve the
     * file against another folder.
     *
     * @throws IllegalArgumentException naming the file, the problem and the locale to run with
     */
    public static void requireResolvable(Path file) {
        if (!file.isAbsolute() && !workingFolderDecoded()) {
            throw new IllegalArgumentException("Cannot use " + file + ": it is relative to the working folder, whose "
                    + "name Java could not decode, so it would read or write it in another folder. " + LOCALE_ADVICE
                    + ", or give an absolute path");
        }
    }

    /**
     * Refuses to go on in a working folder whose name Java could not decode: parts of the JDK itself fail there
     * (with long stack traces), and relative names would mean another folder.
     *
     * @throws IllegalArgumentException naming the problem and the locale to run with
     */
    public static void requireDecodableWorkingFolder() {
        if (!workingFolderDecoded()) {
            throw new IllegalArgumentException("Java could not decode the name of the working folder ("
                    + System.getProperty("user.dir") + "). " + LOCALE_ADVICE + ", or run from another folder");
        }
    }

    /** False where the launcher replaced bytes of the working folder's name that the locale could not decode. */
    private static boolean workingFolderDecoded() {
        return System.getProperty("user.dir", "").indexOf('\uFFFD') < 0;
    }

    private static boolean utf8() {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        return encoding.equalsIgnoreCase(StandardCharsets.UTF_8.name()) || encoding.equalsIgnoreCase("UTF8");
    }

}
