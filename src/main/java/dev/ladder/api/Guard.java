package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Authentication;
import dev.ladder.access.Caller;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Who may call what, in front of the handlers: {@code /v1/*} needs a valid virtual key or the master key once
 * auth is on (401 otherwise), and every admin route ({@code /admin/*}, {@code /metrics}) needs the master key
 * (401 without it, 403 with a virtual key). With auth off (a loopback-only gateway) everything passes.
 * The key is read from {@code Authorization: Bearer}, or {@code x-api-key} (Anthropic's clients).
 */
final class Guard {

    /** A handler that is told who is calling. */
    @FunctionalInterface
    interface CallerHandler {
        void handle(Caller caller, ServerRequest req, ServerResponse res) throws Exception;
    }

    static final Guard OPEN = new Guard(new Authentication(Optional.empty(), false, NoKeys.INSTANCE,
            java.time.InstantSource.system()));

    private final Authentication auth;

    Guard(Authentication auth) {
        this.auth = requireNonNull(auth, "auth is null");
    }

    boolean required() {
        return auth.required();
    }

    /** An API route that is told who called: any valid key. */
    Handler identified(CallerHandler handler) {
        return (req, res) -> {
            switch (auth.authenticate(credential(req))) {
                case Authentication.Outcome.Granted g -> handler.handle(g.caller(), req, res);
                case Authentication.Outcome.Refused r -> Responses.sendError(res,
                        forDoor(req, ErrorMapper.unauthenticated(r.refusal().message())));
            }
        };
    }

    /** An API route that does not need to know who called. */
    Handler api(Handler handler) {
        return identified((caller, req, res) -> handler.handle(req, res));
    }

    /** An admin route: the master key only. */
    Handler admin(Handler handler) {
        return (req, res) -> {
            switch (auth.authenticate(credential(req))) {
                case Authentication.Outcome.Granted g -> {
                    switch (g.caller()) {
                        case Caller.Master m -> handler.handle(req, res);
                        case Caller.Anonymous a -> handler.handle(req, res);
                        case Caller.Key k -> Responses.sendError(res, ErrorMapper.masterKeyRequired(true));
                    }
                }
                case Authentication.Outcome.Refused r -> Responses.sendError(res, ErrorMapper.masterKeyRequired(false));
            }
        };
    }

    private static Optional<String> credential(ServerRequest req) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION);
        return bearer.isPresent() ? bearer : req.headers().first(X_API_KEY);
    }

    private static HttpError forDoor(ServerRequest req, HttpError e) {
        return req.path().path().startsWith("/v1/messages") ? ErrorMapper.anthropic(e) : e;
    }

    private static final io.helidon.http.HeaderName X_API_KEY = io.helidon.http.HeaderNames.create("x-api-key");

    /** No keys at all, for the open guard. */
    private enum NoKeys implements dev.ladder.access.KeyStore {
        INSTANCE;

        @Override
        public void insert(dev.ladder.access.VirtualKey key) {
            throw new UnsupportedOperationException("no key store");
        }

        @Override
        public boolean replace(dev.ladder.access.VirtualKey key) {
            return false;
        }

        @Override
        public Optional<dev.ladder.access.VirtualKey> byId(String id) {
            return Optional.empty();
        }

        @Override
        public Optional<dev.ladder.access.VirtualKey> byHash(String hash) {
            return Optional.empty();
        }

        @Override
        public java.util.List<dev.ladder.access.VirtualKey> list() {
            return java.util.List.of();
        }

        @Override
        public void putTeam(dev.ladder.access.Team team) {
            throw new UnsupportedOperationException("no key store");
        }

        @Override
        public Optional<dev.ladder.access.Team> team(String name) {
            return Optional.empty();
        }

        @Override
        public java.util.List<dev.ladder.access.Team> teams() {
            return java.util.List.of();
        }
    }
}
