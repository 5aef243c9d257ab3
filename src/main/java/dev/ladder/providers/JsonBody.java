package dev.ladder.providers;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body held as bytes: published to the JDK client as {@link HttpRequest.BodyPublishers#ofByteArray}
 * publishes it, and handed as it is to {@link Http1Transport}, which writes it with the request's head.
 */
final class JsonBody implements HttpRequest.BodyPublisher {

    private final byte[] bytes;

    JsonBody(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The body of a request {@link HttpUpstream#post} built. */
    static byte[] bytes(HttpRequest request) {
        return request.bodyPublisher()
                .filter(JsonBody.class::isInstance)
                .map(p -> ((JsonBody) p).bytes)
                .orElseThrow(() -> new IllegalArgumentException("not a request HttpUpstream.post built: "
                        + request.method() + " " + request.uri()));
    }

    @Override
    public long contentLength() {
        return bytes.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        // made only when the JDK client sends it: the lean transport, on every other call, writes the bytes as they are
        HttpRequest.BodyPublishers.ofByteArray(bytes).subscribe(subscriber);
    }
}
