package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A position in the parsed configuration: the YAML node there (missing when the key is absent) and its config
 * path. Readers walk the tree by hand through these; every typed read substitutes environment variables in
 * strings, and reports a wrong type or a bad value at this path instead of throwing, returning empty. A
 * {@linkplain #secret() secret} position never shows its value in a message.
 */
final class YamlTree {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int SHOWN_CHARS = 60;
    /** Jackson reads a YAML merge key ({@code <<: *defaults}) as a plain key naming the anchor. */
    private static final String MERGE_KEY = "<<";

    private final JsonNode json;
    private final String path;
    private final Problems problems;
    private final Map<String, String> env;
    private final boolean secret;
    /** True below a parent that is not a mapping: that was reported, so "is required" here would be noise. */
    private final boolean detached;

    private YamlTree(JsonNode json, String path, Problems problems, Map<String, String> env, boolean secret,
            boolean detached) {
        this.json = json == null ? MissingNode.getInstance() : json;
        this.path = path;
        this.problems = problems;
        this.env = env;
        this.secret = secret;
        this.detached = detached;
    }

    static YamlTree root(JsonNode json, Problems problems, Map<String, String> env) {
        return new YamlTree(json, "", requireNonNull(problems, "problems is null"), Map.copyOf(env), false, false);
    }

    String path() {
        return path;
    }

    /**
     * The node as written, for values that are JSON themselves (a JSON Schema); environment variables in it
     * are not substituted. Missing when absent.
     */
    JsonNode raw() {
        return json;
    }

    /** False when the key is absent or its value is empty ({@code key:}, {@code key: ~}). */
    boolean isPresent() {
        return !json.isMissingNode() && !json.isNull();
    }

    void error(String message) {
        problems.add(path, message);
    }

    /** This position, with its value and everything below it treated as a secret. */
    YamlTree secret() {
        return new YamlTree(json, path, problems, env, true, detached);
    }

    /** Reports {@code is required} when absent; returns this position for reading. */
    YamlTree required() {
        if (!isPresent() && !detached) {
            error("is required");
        }
        return this;
    }

    YamlTree get(String key) {
        JsonNode child = json.isObject() ? json.get(key) : MissingNode.getInstance();
        return new YamlTree(child, childPath(key), problems, env, secret, detached || isPresent() && !json.isObject());
    }

    /** The entries of a mapping in file order; empty when absent, and (reported) when not a mapping. */
    Map<String, YamlTree> entries() {
        Map<String, YamlTree> out = new LinkedHashMap<>();
        if (!isPresent()) {
            return out;
        }
        if (!json.isObject()) {
            mismatch("a mapping");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            out.put(e.getKey(), get(e.getKey()));
        }
        return out;
    }

    /** The keys of a mapping in file order, reporting nothing: for cross-checks against another section. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        if (json.isObject()) {
            json.properties().forEach(e -> out.add(e.getKey()));
        }
        return out;
    }

    /** Reports a non-mapping and every key not in {@code allowed}, suggesting the closest allowed key. */
    YamlTree allowKeys(Collection<String> allowed) {
        return allowKeys(allowed, "key");
    }

    /** As {@link #allowKeys(Collection)}, naming what the keys are ("tier", "signal") in the message. */
    YamlTree allowKeys(Collection<String> allowed, String noun) {
        for (Map.Entry<String, YamlTree> e : entries().entrySet()) {
            if (e.getKey().equals(MERGE_KEY)) {
                e.getValue().error("YAML merge keys are not supported; write the keys out (aliases like *name work)");
            } else if (!allowed.contains(e.getKey())) {
                e.getValue().error("unknown " + noun + unknownHint(e.getKey(), allowed));
            }
        }
        return this;
    }

    /** As {@link #entries()} for a required mapping that must hold at least one {@code what}. */
    Map<String, YamlTree> requiredEntries(String what) {
        required();
        Map<String, YamlTree> out = entries();
        if (out.isEmpty() && json.isObject()) {
            error("must configure at least one " + what);
        }
        return out;
    }

    /** True when the value here is a list (reports nothing). */
    boolean isList() {
        return json.isArray();
    }

    /** The items of a list; empty when absent, and (reported) when not a list. */
    Optional<List<YamlTree>> list() {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!json.isArray()) {
            return mismatch("a list");
        }
        List<YamlTree> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            items.add(new YamlTree(json.get(i), path + "[" + i + "]", problems, env, secret, false));
        }
        return Optional.of(items);
    }

    /** A scalar as text, after environment substitution. Numbers and booleans are taken as written. */
    Optional<String> string() {
        Optional<String> s = text("a string");
        if (secret) {
            s.ifPresent(problems::secret);
        }
        return s;
    }

    /**
     * The value of environment variable {@code name} when it is set and not empty, remembered as a secret: for
     * defaults that come from the environment rather than from the file (a preset's API key).
     */
    Optional<String> secretFromEnv(String name) {
        Optional<String> v = Optional.ofNullable(env.get(name)).filter(s -> !s.isEmpty());
        v.ifPresent(problems::secret);
        return v;
    }

    /** A string that must be one of {@code names}; an unknown one is reported with the closest name. */
    Optional<String> oneOf(String noun, Collection<String> names) {
        Optional<String> s = string();
        if (s.isPresent() && !names.contains(s.get())) {
            error(Suggestions.unknown(noun, s.get(), names));
            return Optional.empty();
        }
        return s;
    }

    Optional<Long> integer() {
        if (isPresent() && json.isIntegralNumber() && json.canConvertToLong()) {
            return Optional.of(json.longValue());
        }
        return decimal("an integer").flatMap(d -> {
            try {
                return Optional.of(d.longValueExact());
            } catch (ArithmeticException e) {
                return mismatch("an integer");
            }
        });
    }

    /** An integer in 1..{@link Integer#MAX_VALUE}. */
    Optional<Integer> positiveInt() {
        Optional<Long> v = check(integer(), n -> n > 0, "must be > 0");
        return check(v, n -> n <= Integer.MAX_VALUE, "must be at most " + Integer.MAX_VALUE).map(Long::intValue);
    }

    Optional<Double> number() {
        return decimal("a number").flatMap(d -> {
            double v = d.doubleValue();
            return Double.isFinite(v) ? Optional.of(v) : mismatch("a finite number");
        });
    }

    Optional<Boolean> bool() {
        if (isPresent() && json.isBoolean()) {
            return Optional.of(json.booleanValue());
        }
        if (isPresent() && !json.isTextual()) {
            return mismatch("true or false");
        }
        return text("true or false").flatMap(s -> switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> mismatch("true or false");
        });
    }

    /**
     * A scalar read by {@code parser}, which throws {@link IllegalArgumentException} with what it expected;
     * that message is reported here, followed by the value as written.
     */
    <T> Optional<T> parsed(Function<String, T> parser) {
        return text("a string").flatMap(s -> {
            try {
                return Optional.of(parser.apply(s));
            } catch (IllegalArgumentException e) {
                error(e.getMessage() + got());
                return Optional.empty();
            }
        });
    }

    /** {@code value} if it passes {@code ok}; otherwise reports {@code message} here and returns empty. */
    <T> Optional<T> check(Optional<T> value, Predicate<? super T> ok, String message) {
        if (value.isPresent() && !ok.test(value.get())) {
            error(message);
            return Optional.empty();
        }
        return value;
    }

    /**
     * Converts or builds from values already read: an {@link IllegalArgumentException} (a compact constructor
     * that still rejects them, or a converter that names the problem) is reported here with its message.
     */
    <T> Optional<T> build(Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            error(e.getMessage() == null ? "invalid value" : e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<BigDecimal> decimal(String expected) {
        if (isPresent() && json.isNumber()) {
            return Optional.of(json.decimalValue());
        }
        if (isPresent() && !json.isTextual()) {
            return mismatch(expected);
        }
        return text(expected).flatMap(s -> {
            try {
                return Optional.of(new BigDecimal(s.strip()));
            } catch (NumberFormatException e) {
                return mismatch(expected);
            }
        });
    }

    private Optional<String> text(String expected) {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!json.isValueNode()) {
            return mismatch(expected);
        }
        if (!json.isTextual()) {
            return Optional.of(json.asText());
        }
        EnvSubstitution.Result r = EnvSubstitution.apply(json.textValue(), env);
        r.problems().forEach(this::error);
        return r.problems().isEmpty() ? Optional.of(r.value()) : Optional.empty();
    }

    private <T> Optional<T> mismatch(String expected) {
        error("expected " + expected + got());
        return Optional.empty();
    }

    /** ", got X" describing the value as written in the file (before substitution); no value if secret. */
    private String got() {
        if (json.isObject()) {
            return ", got a mapping";
        }
        if (json.isArray()) {
            return ", got a list";
        }
        if (secret) {
            return json.isTextual() ? ", got a string" : ", got " + json.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        String shown = json.asText();
        if (shown.length() > SHOWN_CHARS) {
            shown = shown.substring(0, SHOWN_CHARS) + "...";
        }
        return json.isTextual() ? ", got '" + shown + "'" : ", got " + shown;
    }

    private String childPath(String key) {
        if (!PLAIN_KEY.matcher(key).matches()) {
            return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String unknownHint(String key, Collection<String> allowed) {
        Optional<String> near = Suggestions.closest(key, allowed);
        if (near.isPresent()) {
            return "; did you mean '" + near.get() + "'?";
        }
        return allowed.isEmpty() ? "" : "; expected one of " + String.join(", ", allowed);
    }
}
