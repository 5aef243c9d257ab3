package dev.ladder.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Parses the base URL of an upstream API. */
final class Urls {

    static final String EXPECTED = "expected an absolute http(s) URL like https://api.openai.com/v1";

    private Urls() {
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host and no query, fragment or credentials, with
     * trailing slashes removed so adapters can append {@code /chat/completions}. Throws
     * {@link IllegalArgumentException} with a message that shows the text only when it cannot hold a
     * credential.
     */
    static URI parseBaseUrl(String text) {
        String s = text.strip();
        String got = s.contains("@") ? "" : ", got '" + s + "'";
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(EXPECTED + got);
        }
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException(EXPECTED + got);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold credentials; put them in api_key or headers");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment" + got);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }
}
