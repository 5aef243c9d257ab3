package dev.ladder.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One reading of a Linux process's memory, threads and open files from {@code /proc/<pid>}: resident set size
 * now ({@code VmRSS}) and at its peak ({@code VmHWM}, the kernel's high-water mark), in KiB.
 */
record ProcStatus(long rssKib, long peakRssKib, int threads, int openFiles) {

    /** The process's status, or empty when {@code /proc} does not have it (not Linux, or the process is gone). */
    static Optional<ProcStatus> of(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            long rss = -1;
            long hwm = -1;
            int threads = -1;
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring("Threads:".length()).strip());
                }
            }
            int files;
            try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
                files = (int) fds.count();
            }
            return rss < 0 ? Optional.empty() : Optional.of(new ProcStatus(rss, hwm, threads, files));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code "VmRSS:     1234 kB"} as 1234. */
    static long kib(String line) {
        String v = line.substring(line.indexOf(':') + 1).strip();
        int space = v.indexOf(' ');
        return Long.parseLong(space < 0 ? v : v.substring(0, space));
    }

    static String mib(long kib) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }
}
