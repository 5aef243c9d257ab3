package dev.ladder.providers;

import dev.ladder.text.SecretMasker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Removes a provider's credentials from text that ends up in a failure message: the API key, and the values
 * of configured headers whose name looks like a credential (for {@code Bearer xyz} also the bare token).
 * Upstreams sometimes echo what they were sent ("Incorrect API key provided: sk-..."); this is the last line.
 */
final class Redactor {

    static final String MASK = "****";
    /** Shorter values are not worth hiding and would mangle ordinary words. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    Redactor(List<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String v : secrets) {
            if (v != null && v.strip().length() >= MIN_SECRET_LENGTH) {
                s.add(v.strip());
            }
        }
        s.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(s);
    }

    static Redactor of(ProviderConfig config) {
        List<String> values = new ArrayList<>();
        config.apiKey().map(Secret::reveal).ifPresent(values::add);
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            if (looksSecret(h.getKey())) {
                values.add(h.getValue());
                int space = h.getValue().strip().lastIndexOf(' ');
                if (space > 0) {
                    values.add(h.getValue().strip().substring(space + 1));
                }
            }
        }
        return new Redactor(values);
    }

    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        // an upstream may echo a key of its own or part of ours ("sk-proj-abc*****wxyz"): mask what looks like one
        return SecretMasker.mask(out);
    }

    private static boolean looksSecret(String headerName) {
        String n = headerName.toLowerCase(Locale.ROOT);
        return n.contains("auth") || n.contains("key") || n.contains("token") || n.contains("secret")
                || n.contains("cookie");
    }
}
