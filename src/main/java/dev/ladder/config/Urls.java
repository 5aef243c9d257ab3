package dev.ladder.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses the base URL of an upstream API. */
final class Urls {

    static final String EXPECTED = "expected an absolute http(s) URL like https://api.openai.com/v1";
    /** Azure's API versions look like 2024-10-21 or 2025-01-01-preview. */
    private static final Pattern API_VERSION_QUERY = Pattern.compile("api-version=[0-9A-Za-z.-]+");

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
        return parse(text, false);
    }

    /**
     * As {@link #parseBaseUrl}, but an Azure OpenAI resource URL may carry {@code ?api-version=...} (as
     * Azure's portal and SDK samples show it), which is kept; any other query is still refused.
     */
    static URI parseAzureBaseUrl(String text) {
        return parse(text, true);
    }

    private static URI parse(String text, boolean apiVersionAllowed) {
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
        String query = uri.getRawQuery();
        boolean onlyApiVersion = apiVersionAllowed && query != null && API_VERSION_QUERY.matcher(query).matches();
        if ((query != null && !onlyApiVersion) || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment"
                    + (apiVersionAllowed ? " other than ?api-version=..." : "") + "; put credentials in api_key or "
                    + "headers");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path
                + (onlyApiVersion ? "?" + query : ""));
    }
}
