package dev.ladder.telemetry;

import dev.ladder.model.Failure;

/** The stable snake-case name of each kind of failure, as the decision log stores it. */
final class FailureKinds {

    private FailureKinds() {
    }

    static String of(Failure failure) {
        return switch (failure) {
            case Failure.BadRequest _ -> "bad_request";
            case Failure.UnknownModel _ -> "unknown_model";
            case Failure.PayloadTooLarge _ -> "payload_too_large";
            case Failure.RateLimited _ -> "rate_limited";
            case Failure.UpstreamError _ -> "upstream_error";
            case Failure.UpstreamTimeout _ -> "upstream_timeout";
            case Failure.UpstreamUnreachable _ -> "upstream_unreachable";
            case Failure.UpstreamMalformed _ -> "upstream_malformed";
            case Failure.UpstreamRejected _ -> "upstream_rejected";
            case Failure.UpstreamAuth _ -> "upstream_auth";
            case Failure.ClientClosed _ -> "client_closed";
            case Failure.Unavailable _ -> "unavailable";
            case Failure.BudgetExceeded _ -> "budget_exceeded";
            case Failure.BudgetUnavailable _ -> "budget_unavailable";
            case Failure.AllAttemptsFailed _ -> "all_attempts_failed";
            case Failure.LatencyBudgetExceeded _ -> "latency_budget_exceeded";
            case Failure.ValidationFailed _ -> "validation_failed";
        };
    }
}
