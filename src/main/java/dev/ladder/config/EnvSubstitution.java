package dev.ladder.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a string value with values from the environment.
 * {@code :-} uses the default when the variable is unset or empty, as in a POSIX shell; {@code $${} writes a
 * literal {@code ${}. A variable that is unset and has no default is a problem, as is a malformed reference.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The substituted value and the problems found; {@code value} is meaningful only without problems. */
    record Result(String value, List<String> problems) {
        Result {
            problems = List.copyOf(problems);
        }
    }

    private EnvSubstitution() {
    }

    static Result apply(String raw, Map<String, String> env) {
        StringBuilder out = new StringBuilder(raw.length());
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int close = raw.indexOf('}', i + 2);
                if (close < 0) {
                    problems.add("unterminated '${': close it with '}', or write '$${' for a literal '${'");
                    break;
                }
                out.append(resolve(raw.substring(i + 2, close), env, problems));
                i = close + 1;
            } else {
                out.append(raw.charAt(i));
                i++;
            }
        }
        return new Result(out.toString(), problems);
    }

    private static String resolve(String reference, Map<String, String> env, List<String> problems) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            problems.add("'${" + name + "}' is not a valid environment variable reference;"
                    + " names are letters, digits and '_', not starting with a digit");
            return "";
        }
        String value = env.get(name);
        if (sep >= 0 && (value == null || value.isEmpty())) {
            return reference.substring(sep + 2);
        }
        if (value == null) {
            problems.add("environment variable " + name + " is not set");
            return "";
        }
        return value;
    }
}
