package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything that can go wrong with a request, as a closed set. The API edge maps each kind to an HTTP
 * status and an OpenAI-style error in exactly one place; resilience code switches on it to decide what is
 * retryable. Messages never contain secrets.
 */
public sealed interface Failure {

    String message();

    /** True when another attempt (same or another deployment) may succeed. */
    default boolean retryable() {
        return false;
    }

    /**
     * The client sent something invalid, or something no configured model can serve: 400. {@code param} names
     * the offending field and {@code code} is OpenAI's error code (e.g. {@code context_length_exceeded}), each
     * when known (else null).
     */
    record BadRequest(String message, String param, String code) implements Failure {
        public BadRequest {
            requireNonNull(message, "message is null");
        }

        public BadRequest(String message, String param) {
            this(message, param, null);
        }
    }

    /** The requested model is neither the routing alias nor a configured model: 404. */
    record UnknownModel(String model) implements Failure {
        public String message() {
            return "The model '" + model + "' does not exist or you do not have access to it.";
        }
    }

    /** The body is over the configured limit: 413. */
    record PayloadTooLarge(long limitBytes) implements Failure {
        public String message() {
            return "Request body is larger than the limit of " + limitBytes + " bytes.";
        }
    }

    /** The upstream answered 429. */
    record RateLimited(String provider, Optional<Duration> retryAfter, String message) implements Failure {
        public boolean retryable() {
            return true;
        }
    }

    /** The upstream answered 5xx. */
    record UpstreamError(String provider, int status, String message) implements Failure {
        public boolean retryable() {
            return true;
        }
    }

    /** The upstream did not answer (or stopped answering) in time. */
    record UpstreamTimeout(String provider, Duration after, String message) implements Failure {
        public boolean retryable() {
            return true;
        }
    }

    /** The upstream could not be reached or dropped the connection. */
    record UpstreamUnreachable(String provider, String message) implements Failure {
        public boolean retryable() {
            return true;
        }
    }

    /** The upstream answered something that is not its wire format. */
    record UpstreamMalformed(String provider, String message) implements Failure {
        public boolean retryable() {
            return true;
        }
    }

    /**
     * The upstream rejected the request as the caller's fault (4xx other than 429), e.g. a bad parameter or
     * a context-length overflow. Passed through with its status; not retried elsewhere.
     */
    record UpstreamRejected(String provider, int status, String type, String message) implements Failure {
    }

    /** The upstream is not usable for configuration reasons (e.g. bad credentials: 401/403). */
    record UpstreamAuth(String provider, int status, String message) implements Failure {
        public boolean retryable() {
            return true;
        }
    }

    /**
     * The client closed the connection before its answer was complete (typically mid-stream): recorded as
     * 499, nginx's "client closed request". Nothing is sent, since nobody is there to read it.
     */
    record ClientClosed() implements Failure {
        public String message() {
            return "The client closed the connection before the answer was complete.";
        }
    }

    /**
     * The caller's key (or its team) has not enough budget left for what this call may cost at most: 429
     * {@code budget_exceeded}. {@code retryAfter} is when the budget's window starts again, if it does.
     */
    record BudgetExceeded(String message, Optional<Duration> retryAfter) implements Failure {
        public BudgetExceeded {
            requireNonNull(message, "message is null");
            requireNonNull(retryAfter, "retryAfter is null");
        }
    }

    /**
     * The caller's key (or its team) has a budget, and the shared budget counters (Redis) cannot be reached or
     * are being rebuilt from the durable ledger: 503 {@code budget_unavailable}, refused rather than risk
     * overspending (budgets fail closed). {@code retryAfter} is when to try again.
     */
    record BudgetUnavailable(String message, Duration retryAfter) implements Failure {
        public BudgetUnavailable {
            requireNonNull(message, "message is null");
            requireNonNull(retryAfter, "retryAfter is null");
        }
    }

    /** The gateway is shutting down or has no deployment it could try. */
    record Unavailable(String message) implements Failure {
    }

    /**
     * The request's latency budget ran out before an answer (or, for a stream, before its end). Keeps the
     * attempts made so far, in order; there may be none when the budget was gone before the first call.
     */
    record LatencyBudgetExceeded(Duration budget, List<Attempt> attempts) implements Failure {
        public LatencyBudgetExceeded {
            requireNonNull(budget, "budget is null");
            attempts = List.copyOf(attempts);
        }

        public String message() {
            StringBuilder sb = new StringBuilder("The request's latency budget of ").append(budget.toMillis())
                    .append(" ms ran out");
            if (attempts.isEmpty()) {
                return sb.append('.').toString();
            }
            sb.append(" after ").append(attempts.size()).append(attempts.size() == 1 ? " attempt: " : " attempts: ");
            AllAttemptsFailed.describe(sb, attempts);
            return sb.toString();
        }
    }

    /**
     * Every answer failed the JSON validation the request asked for (not JSON, or not its schema), and no tier
     * above could serve the request: 502, never the unusable answer. Other validation failures at the last
     * tier still return the best answer. {@code attempts} are the answer attempts, in order.
     */
    record ValidationFailed(String reason, List<Attempt> attempts) implements Failure {
        public ValidationFailed {
            requireNonNull(reason, "reason is null");
            attempts = List.copyOf(attempts);
        }

        public String message() {
            StringBuilder sb = new StringBuilder("No answer passed validation of the requested JSON and no higher "
                    + "tier can serve this request: ").append(reason);
            for (int i = 0; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                sb.append(i == 0 ? ". Answers tried: " : "; ").append(a.model()).append(" (")
                        .append(a.failure().map(Failure::message).orElse(a.verdict()
                                .map(v -> v.accepted() ? "accepted" : "rejected").orElse("answered")))
                        .append(')');
            }
            return sb.toString();
        }
    }

    /** Every attempt failed; the list keeps each one, in order. */
    record AllAttemptsFailed(List<Attempt> attempts) implements Failure {
        public AllAttemptsFailed {
            attempts = List.copyOf(attempts);
            if (attempts.isEmpty()) {
                throw new IllegalArgumentException("attempts is empty");
            }
        }

        public String message() {
            StringBuilder sb = new StringBuilder("All ").append(attempts.size()).append(" upstream attempts failed: ");
            describe(sb, attempts);
            return sb.toString();
        }

        /** Appends "model (message); model (message)" for each attempt. */
        static void describe(StringBuilder sb, List<Attempt> attempts) {
            for (int i = 0; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                if (i > 0) {
                    sb.append("; ");
                }
                sb.append(a.model()).append(" (").append(a.failure().map(Failure::message).orElse("ok")).append(')');
            }
        }

        /** The failure that best describes the whole: the last attempt's. */
        public Failure last() {
            return attempts.getLast().failure().orElseThrow();
        }
    }
}
