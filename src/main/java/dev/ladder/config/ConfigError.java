package dev.ladder.config;

import static java.util.Objects.requireNonNull;

/**
 * One problem in a configuration: the dotted path of the offending key ({@code models.fast.price.input}) and
 * what is wrong with it. The path is empty for problems of the file as a whole, such as a YAML syntax error.
 */
public record ConfigError(String path, String message) {

    public ConfigError {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    /** {@code path: message}, or just the message when the path is empty. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
