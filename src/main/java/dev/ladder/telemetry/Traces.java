package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.Classification;
import dev.ladder.model.Escalation;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.text.PiiMasker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * OpenTelemetry traces, fed by the gateway's events: a {@code SERVER} span per request, opened when the request
 * starts and ended when its record is complete, and under it a {@code CLIENT} span per attempt (every call to a
 * model: answers, cascade steps, race legs, judges, the LLM classifier), built from the attempt's own start
 * time and latency once its verdict is known. Attributes follow the OpenTelemetry GenAI semantic conventions
 * ({@code gen_ai.*}) plus Ladder's decisions ({@code ladder.*}); docs/observability.md lists them. Spans leave
 * in batches on the SDK's own thread over OTLP/HTTP (protobuf). Off by default: the gateway does not register
 * this listener at all then, so a request never touches the SDK.
 *
 * <p>No prompt or answer text is ever put on a span; validator lines and escalation reasons are masked like
 * the decision log masks them.
 */
public final class Traces implements GatewayEvents, AutoCloseable {

    /** Where a configured model sends its calls: the GenAI provider name and the upstream's model id. */
    public record Upstream(String providerName, String model) {
        public Upstream {
            requireNonNull(providerName, "providerName is null");
            requireNonNull(model, "model is null");
        }
    }

    static final String OPERATION = "chat";
    private static final int MAX_TEXT_CHARS = 500;

    // GenAI semantic conventions (gen_ai.system is the older name of gen_ai.provider.name; both are set)
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    // Ladder's decisions
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("ladder.request_id");
    static final AttributeKey<String> FEATURE = AttributeKey.stringKey("ladder.feature");
    static final AttributeKey<String> TIER = AttributeKey.stringKey("ladder.tier");
    static final AttributeKey<String> ROUTED_TIER = AttributeKey.stringKey("ladder.routed_tier");
    static final AttributeKey<String> ROUTE_REASON = AttributeKey.stringKey("ladder.route_reason");
    static final AttributeKey<String> CLASSIFIER = AttributeKey.stringKey("ladder.classifier");
    static final AttributeKey<Double> SCORE = AttributeKey.doubleKey("ladder.score");
    static final AttributeKey<Double> CONFIDENCE = AttributeKey.doubleKey("ladder.confidence");
    static final AttributeKey<String> STRATEGY = AttributeKey.stringKey("ladder.strategy");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("ladder.model");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("ladder.provider");
    static final AttributeKey<Double> COST = AttributeKey.doubleKey("ladder.cost_usd");
    static final AttributeKey<Double> BASELINE_COST = AttributeKey.doubleKey("ladder.baseline_cost_usd");
    static final AttributeKey<String> CACHE = AttributeKey.stringKey("ladder.cache");
    static final AttributeKey<Double> SAVED_COST = AttributeKey.doubleKey("ladder.saved_cost_usd");
    static final AttributeKey<Long> ESCALATIONS = AttributeKey.longKey("ladder.escalations");
    static final AttributeKey<String> ESCALATION_CAUSE = AttributeKey.stringKey("ladder.escalation_cause");
    static final AttributeKey<String> ESCALATION_REASON = AttributeKey.stringKey("ladder.escalation_reason");
    static final AttributeKey<Long> SEQ = AttributeKey.longKey("ladder.attempt.seq");
    static final AttributeKey<String> PURPOSE = AttributeKey.stringKey("ladder.attempt.purpose");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ladder.attempt.outcome");
    static final AttributeKey<String> VERDICT = AttributeKey.stringKey("ladder.attempt.verdict");
    static final AttributeKey<String> VERDICT_DETAILS = AttributeKey.stringKey("ladder.attempt.verdict_details");

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final Map<String, Upstream> upstreams;
    private final ConcurrentMap<String, Span> open = new ConcurrentHashMap<>();

    private Traces(SdkTracerProvider provider, Map<String, Upstream> upstreams) {
        this.provider = provider;
        this.tracer = provider.get("dev.ladder");
        this.upstreams = Map.copyOf(upstreams);
    }

    /**
     * Traces exported as {@code config} says; {@code upstreams} maps each configured model's name to where it
     * sends its calls. {@code config} must be enabled: a gateway without traces does not build this.
     */
    public static Traces start(TelemetryConfig.Tracing config, Map<String, Upstream> upstreams) {
        requireNonNull(config, "config is null");
        if (!config.enabled()) {
            throw new IllegalArgumentException("tracing is off: do not register a tracer");
        }
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(config.endpoint().toString())
                .setTimeout(config.timeout());
        config.headers().forEach(exporter::addHeader);
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), config.serviceName())));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
                .build();
        return new Traces(provider, upstreams);
    }

    @Override
    public void requestStarted(Exchange exchange) {
        AttributesBuilder a = Attributes.builder()
                .put(OPERATION_NAME, OPERATION)
                .put(REQUEST_MODEL, exchange.request().model())
                .put(REQUEST_ID, exchange.requestId());
        exchange.request().maxTokens().ifPresent(t -> a.put(MAX_TOKENS, t));
        exchange.request().temperature().ifPresent(t -> a.put(TEMPERATURE, t));
        exchange.context().feature().ifPresent(f -> a.put(FEATURE, f));
        Span span = tracer.spanBuilder(OPERATION + " " + exchange.request().model())
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(exchange.receivedAt())
                .setAllAttributes(a.build())
                .startSpan();
        open.put(exchange.requestId(), span);
    }

    @Override
    public void completed(RequestRecord r) {
        Span request = open.remove(r.requestId());
        if (request == null) {
            return;
        }
        Context parent = Context.root().with(request);
        for (Attempt attempt : r.attempts()) {
            attemptSpan(parent, attempt);
        }
        request.setAllAttributes(requestAttributes(r));
        r.failure().ifPresent(f -> request.setStatus(StatusCode.ERROR, FailureKinds.of(f)));
        request.end(r.receivedAt().plus(r.latency()));
    }

    private void attemptSpan(Context parent, Attempt a) {
        Upstream up = upstreams.getOrDefault(a.model(), new Upstream(a.provider(), a.model()));
        AttributesBuilder b = Attributes.builder()
                .put(OPERATION_NAME, OPERATION)
                .put(PROVIDER_NAME, up.providerName())
                .put(SYSTEM, up.providerName())
                .put(REQUEST_MODEL, up.model())
                .put(INPUT_TOKENS, (long) a.usage().promptTokens())
                .put(OUTPUT_TOKENS, (long) a.usage().completionTokens())
                .put(MODEL, a.model())
                .put(PROVIDER, a.provider())
                .put(SEQ, (long) a.seq())
                .put(PURPOSE, a.purpose().wireName())
                .put(OUTCOME, a.outcome().wireName())
                .put(COST, a.costUsd());
        a.sent().maxTokens().ifPresent(t -> b.put(MAX_TOKENS, t));
        a.sent().temperature().ifPresent(t -> b.put(TEMPERATURE, t));
        a.tier().ifPresent(t -> b.put(TIER, t.wireName()));
        if (a.succeeded()) {
            b.put(RESPONSE_MODEL, up.model());
        }
        a.failure().ifPresent(f -> b.put(ERROR_TYPE, FailureKinds.of(f)));
        a.verdict().ifPresent(v -> b.put(VERDICT, v.accepted() ? "accepted" : "rejected")
                .put(VERDICT_DETAILS, masked(v.details())));
        Instant start = a.startedAt();
        Span span = tracer.spanBuilder(OPERATION + " " + up.model())
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start)
                .setAllAttributes(b.build())
                .startSpan();
        a.failure().ifPresent(f -> span.setStatus(StatusCode.ERROR, FailureKinds.of(f)));
        span.end(start.plus(a.latency()));
    }

    private Attributes requestAttributes(RequestRecord r) {
        AttributesBuilder b = Attributes.builder()
                .put(INPUT_TOKENS, (long) r.usage().promptTokens())
                .put(OUTPUT_TOKENS, (long) r.usage().completionTokens())
                .put(HTTP_STATUS, (long) r.httpStatus())
                .put(COST, r.costUsd())
                .put(BASELINE_COST, r.baselineCostUsd())
                .put(CACHE, r.cacheStatus().wireName())
                .put(ESCALATIONS, (long) r.escalations());
        r.model().ifPresent(m -> {
            Upstream up = upstreams.getOrDefault(m, new Upstream("unknown", m));
            b.put(MODEL, m).put(RESPONSE_MODEL, up.model()).put(PROVIDER_NAME, up.providerName())
                    .put(SYSTEM, up.providerName());
        });
        r.answeredTier().or(r::routedTier).ifPresent(t -> b.put(TIER, t.wireName()));
        r.routedTier().ifPresent(t -> b.put(ROUTED_TIER, t.wireName()));
        r.routeReason().ifPresent(reason -> b.put(ROUTE_REASON, masked(reason)));
        r.strategy().ifPresent(s -> b.put(STRATEGY, s));
        r.classification().ifPresent(c -> classification(b, c));
        if (r.cacheStatus().isHit()) {
            b.put(SAVED_COST, r.savedCostUsd());
        }
        if (!r.escalationList().isEmpty()) {
            b.put(ESCALATION_CAUSE, r.escalationList().getLast().cause().wireName());
            b.put(ESCALATION_REASON, masked(r.escalationList().stream().map(Traces::escalation)
                    .collect(Collectors.joining("; "))));
        }
        r.failure().map(FailureKinds::of).ifPresent(kind -> b.put(ERROR_TYPE, kind));
        return b.build();
    }

    private static void classification(AttributesBuilder b, Classification c) {
        b.put(CLASSIFIER, c.classifier()).put(SCORE, c.score()).put(CONFIDENCE, c.confidence());
    }

    private static String escalation(Escalation e) {
        return e.from().wireName() + "->" + e.to().wireName() + " (" + e.cause().wireName() + "): " + e.reason();
    }

    private static String masked(String text) {
        String m = PiiMasker.mask(text);
        return m.length() <= MAX_TEXT_CHARS ? m : m.substring(0, MAX_TEXT_CHARS);
    }

    /** Sends what is buffered, waiting at most {@code millis}; for tests and shutdown. */
    public boolean flush(long millis) {
        return provider.forceFlush().join(millis, TimeUnit.MILLISECONDS).isSuccess();
    }

    /** Ends spans of requests still open, flushes the rest and stops the exporter (waits at most 5 s). */
    @Override
    public void close() {
        open.values().forEach(Span::end);
        open.clear();
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
