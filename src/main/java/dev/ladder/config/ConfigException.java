package dev.ladder.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used, with every problem found in it. The message lists them one per line
 * as {@code path: message}. No message ever contains a secret (an API key or a header value).
 */
public final class ConfigException extends RuntimeException {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
        if (this.errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
    }

    public ConfigException(ConfigError error) {
        this(List.of(error));
    }

    /** The problems in the order they were found (file order). */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(List<ConfigError> errors) {
        return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    }
}
