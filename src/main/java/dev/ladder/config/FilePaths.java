package dev.ladder.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Parses file system paths written in config. */
final class FilePaths {

    private FilePaths() {
    }

    /** A path; throws {@link IllegalArgumentException} when it is empty or the platform cannot represent it. */
    static Path parse(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a path");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path (" + e.getReason() + ")");
        }
    }
}
