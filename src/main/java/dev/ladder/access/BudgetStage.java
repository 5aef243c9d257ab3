package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.AttemptStage;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The first stage of the attempt chain when keys are on: before any call to a model (answer, cascade step, race
 * leg, judge, LLM classifier) it reserves the most that call can cost on the key's and the team's budgets, and
 * refuses the call ({@link Failure.BudgetExceeded}, 429) when a budget cannot take it, or
 * ({@link Failure.BudgetUnavailable}, 503) when the shared counters cannot be reached. As a {@link GatewayEvents}
 * consumer it settles the request when its record is complete (every attempt settled): the actual cost replaces
 * what was held.
 *
 * <p>The most a call can cost: the request's JSON body in UTF-8 bytes as its prompt tokens (a byte-level BPE token
 * covers at least one byte, so no tokenizer counts more), plus its {@code max_tokens} (or, when it has none,
 * {@code defaultMaxTokens}, which is then set on the call so the provider stops there), at the price of the most
 * expensive model the call may go to.
 */
public final class BudgetStage implements AttemptStage, GatewayEvents {

    private final KeyStore keys;
    private final Ledger ledger;
    private final InstantSource clock;
    private final int defaultMaxTokens;
    private final Thresholds thresholds;
    private final Map<String, Charge> held = new ConcurrentHashMap<>();
    private final ReentrantLock reserving = new ReentrantLock();

    public BudgetStage(KeyStore keys, Ledger ledger, InstantSource clock, int defaultMaxTokens, BudgetAlerts alerts) {
        this.keys = requireNonNull(keys, "keys is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (defaultMaxTokens <= 0) {
            throw new IllegalArgumentException("defaultMaxTokens must be > 0");
        }
        this.defaultMaxTokens = defaultMaxTokens;
        this.thresholds = new Thresholds(BudgetAlerts.DEFAULT_THRESHOLDS, alerts, clock);
    }

    @Override
    public Dispatched handle(Exchange exchange, AttemptSpec spec, Chain chain) {
        Optional<String> keyId = exchange.context().keyId();
        if (keyId.isEmpty()) {
            return chain.proceed(exchange, spec);
        }
        AttemptSpec capped = withMaxTokens(spec);
        long most = Money.micros(worstCase(capped));
        String requestId = exchange.requestId();
        reserving.lock();
        try {
            Charge charge = held.computeIfAbsent(requestId, id -> newCharge(id, keyId.get(),
                    exchange.context().team()));
            if (!reserve(charge, most)) {
                throw new LadderException(new Failure.BudgetExceeded(refusal(charge, most), retryAfter(charge)));
            }
            held.put(requestId, charge.plus(most));
        } finally {
            reserving.unlock();
        }
        return chain.proceed(exchange, capped);
    }

    /** The ledger's answer; counters it cannot reach refuse the call (budgets fail closed). */
    private boolean reserve(Charge charge, long most) {
        try {
            return ledger.reserve(charge, most);
        } catch (Ledger.Unavailable e) {
            throw new LadderException(new Failure.BudgetUnavailable("This key or its team has a budget, and the "
                    + "gateway cannot reach its shared budget counters now (" + e.getMessage() + "), so the call is "
                    + "refused rather than risk overspending. Retry shortly.", e.retryAfter()));
        }
    }

    /** Settles a finished request: what it cost replaces what it held. */
    @Override
    public void completed(RequestRecord record) {
        Charge charge = held.remove(record.requestId());
        if (charge == null) {
            return;
        }
        SpendLine line = new SpendLine(record.model(), record.answeredTier().map(t -> t.wireName()),
                record.context().feature(), record.usage().promptTokens(), record.usage().completionTokens(),
                Money.micros(record.costUsd()), Money.micros(record.baselineCostUsd()));
        long actual = Money.micros(record.costUsd());
        ledger.settle(charge, actual, line);
        try {
            charge.accounts().forEach(a -> thresholds.check(a, ledger.used(a)));
        } catch (Ledger.Unavailable e) {
            // the counters are away: the next settlement after they return checks the thresholds
        }
    }

    /** The accounts a key's request counts against: its own budget and its team's, in their current windows. */
    private Charge newCharge(String requestId, String keyId, Optional<String> team) {
        Instant now = clock.instant();
        List<Account> accounts = new ArrayList<>();
        Optional<VirtualKey> key = keys.byId(keyId);
        key.flatMap(k -> k.limits().budget()).ifPresent(b -> accounts.add(Account.of("key:" + keyId, b, now)));
        team.flatMap(keys::team).flatMap(t -> t.limits().budget())
                .ifPresent(b -> accounts.add(Account.of("team:" + team.get(), b, now)));
        return new Charge(requestId, keyId, team, accounts, 0);
    }

    private AttemptSpec withMaxTokens(AttemptSpec spec) {
        if (spec.request().maxTokens().isPresent()) {
            return spec;
        }
        ObjectNode body = spec.request().bodyCopy();
        body.put("max_tokens", defaultMaxTokens);
        return spec.withRequest(spec.request().withBody(body));
    }

    /** USD at most for one call of {@code spec}: one paid answer, at the dearest of its candidates. */
    static double worstCase(AttemptSpec spec) {
        ChatRequest r = spec.request();
        long promptBound = r.bodyCopy().toString().getBytes(StandardCharsets.UTF_8).length;
        long completion = r.maxTokens().orElse(0);
        double most = 0;
        for (ModelSpec m : spec.plan().candidates()) {
            Price p = m.price();
            most = Math.max(most, (promptBound * p.inputPerMillion() + completion * p.outputPerMillion()) / 1e6);
        }
        return most;
    }

    private String refusal(Charge charge, long most) {
        for (Account a : charge.accounts()) {
            long used;
            try {
                used = ledger.used(a);
            } catch (Ledger.Unavailable e) {
                break;
            }
            if (used + most > a.limitMicros()) {
                return String.format(java.util.Locale.ROOT, "Budget exceeded for %s: %.6f of %.6f USD is spent or "
                        + "held by requests in flight, and this call may cost up to %.6f USD.", a.owner(),
                        Money.usd(used), Money.usd(a.limitMicros()), Money.usd(most));
            }
        }
        return "Budget exceeded.";
    }

    /** When the first full account's window resets (nothing for a total budget). */
    private Optional<Duration> retryAfter(Charge charge) {
        Instant now = clock.instant();
        return charge.accounts().stream().filter(a -> a.window().getEpochSecond() > 0)
                .map(a -> periodReset(a, now)).flatMap(Optional::stream).findFirst();
    }

    private Optional<Duration> periodReset(Account a, Instant now) {
        // the window start alone does not say the period; a daily window ends within a day, a monthly one later
        for (Period p : List.of(Period.DAILY, Period.MONTHLY)) {
            if (p.windowStart(now).equals(a.window())) {
                return p.resetAt(now).map(r -> Duration.between(now, r));
            }
        }
        return Optional.empty();
    }
}
