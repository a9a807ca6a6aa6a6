package dev.seqconv.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The worker side of the line protocol that {@link StepWorker}, {@link ServeWorker} and the PyTorch worker
 * ({@code benchmarks/pytorch/chapter_nets.py}) speak: {@code ready <startup ms>} once, then one answer line per
 * command line read from standard input, until {@code quit} or the end of the input. Every worker answers
 * {@code rss} with {@code rss <peak kB>}, and an unknown command with {@code error unknown command NAME}.
 */
final class WorkerCommands {

    /** The answer to one command, printed to standard output. */
    @FunctionalInterface
    interface Handler {

        /** @param command the command's words, its name first */
        void answer(String[] command) throws Exception;
    }

    private WorkerCommands() {
    }

    /** Says {@code ready <startupMs>}, then answers commands with {@code handlers} (by command name) until quit. */
    static void answer(long startupMs, Map<String, Handler> handlers) throws Exception {
        System.out.println("ready " + startupMs);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] command = line.trim().split("\\s+");
            Handler handler = handlers.get(command[0]);
            if (command[0].equals("quit")) {
                return;
            } else if (command[0].equals("rss")) {
                System.out.println("rss " + peakRssKb());
            } else if (handler != null) {
                handler.answer(command);
            } else {
                System.out.println("error unknown command " + command[0]);
            }
            System.out.flush();
        }
    }

    /** The process's peak resident set size, from {@code /proc/self/status}. */
    static long peakRssKb() throws IOException {
        return statusKb("VmHWM");
    }

    /** The process's resident set size now. */
    static long rssKb() throws IOException {
        return statusKb("VmRSS");
    }

    /**
     * Starts the peak resident set size ({@link #peakRssKb}) again from the present size (Linux: {@code 5} written to
     * {@code /proc/self/clear_refs}), so that a later peak is that of what ran since.
     */
    static void resetPeakRss() throws IOException {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    private static long statusKb(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field + ":"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
