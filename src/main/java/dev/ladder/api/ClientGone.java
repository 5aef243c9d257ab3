package dev.ladder.api;

import dev.ladder.model.Failure;
import dev.ladder.pipeline.Exchange;
import io.helidon.webserver.CloseConnectionException;
import java.util.Optional;

/**
 * A client that closed its connection before its answer was complete. Not an error of the gateway: the
 * request is recorded once as {@link Failure.ClientClosed} (499), nothing is logged, and the web server is
 * told to drop the connection quietly instead of trying to answer on it.
 */
final class ClientGone {

    private ClientGone() {
    }

    /**
     * Ends {@code exchange} (null when the request had not been parsed yet) as a client abort and returns the
     * exception to throw: Helidon closes the connection on a {@link CloseConnectionException} and logs it
     * only at TRACE.
     */
    static CloseConnectionException record(Exchange exchange, Exception cause) {
        if (exchange != null) {
            Failure failure = new Failure.ClientClosed();
            exchange.finish(ErrorMapper.map(failure).status(), Optional.of(failure));
        }
        return cause instanceof CloseConnectionException c ? c
                : new CloseConnectionException("the client closed the connection", cause);
    }
}
