package dev.ladder.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Parses the base URL of an upstream API. */
final class Urls {

    static final String EXPECTED = "expected an absolute http(s) URL like https://api.openai.com/v1";

    private Urls() {
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host and no query, fragment or credentials, with
     * trailing slashes removed so adapters can append {@code /chat/completions}. Throws
     * {@link IllegalArgumentException} with a message that says what is wrong but never quotes the text: a
     * base URL is where an API key most often ends up by mistake (pasted in whole, in its query, or from the
     * wrong environment variable), and it is not always a key Ladder knows to mask.
     */
    static URI parseBaseUrl(String text) {
        String s = text.strip();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            // the reason ("Illegal character in path") and the index never contain the input
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason().toLowerCase(Locale.ROOT)
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "") + "); " + EXPECTED);
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("has no scheme; " + EXPECTED);
        }
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("must start with http:// or https://; " + EXPECTED);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold credentials; put them in api_key or headers");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("has no host; " + EXPECTED);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment; put credentials in api_key or "
                    + "headers");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }
}
