package dev.ladder.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.ladder.arch.PackageRules.ANYTHING;
import static java.util.Map.entry;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The package rules of STYLE.md, held by the build. {@link #MAY_USE} is the allow-list: each package of
 * {@code dev.ladder} names the packages of ours it may use, and that table is the one place to edit when a
 * package or a dependency is added. Feature packages do not import each other; the Exchange carries data
 * between them. No two packages form a cycle. Then the third-party lines: only the edge knows the HTTP
 * server, only store knows Redis and JDBC, only embed runs models, only telemetry touches metrics.
 * {@link PackageRulesTest} shows the two package rules failing on fixtures.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "dev.ladder";

    /**
     * What each package may use besides itself (a sub-package belongs to its first segment: providers.openai
     * is providers). A package missing here fails the build; so does a dependency missing from its line.
     * Entries marked TODO(issue 10) are today's dependencies that STYLE.md's table does not allow.
     */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            // values that cross stages; nothing of ours
            entry("model", Set.of()),
            // the chain, the Exchange, the ports (stores, providers, events)
            entry("pipeline", Set.of("model")),
            // shared helpers with no domain of their own: JSON/CSV/SSE, PII masking, embedding models
            entry("wire", Set.of("model")),
            entry("text", Set.of()),
            entry("embed", Set.of()),
            entry("resilience", Set.of("model")),
            // features: the pipeline, the model, and the helpers
            entry("cache", Set.of("pipeline", "model", "embed", "wire")),
            entry("classify", Set.of("pipeline", "model", "embed", "text", "wire")),
            entry("route", Set.of("pipeline", "model", "resilience", "wire")),
            entry("validate", Set.of("pipeline", "model", "wire")),
            entry("upstream", Set.of("pipeline", "model", "resilience", "wire")),
            entry("strategy", Set.of("pipeline", "model", "wire")),
            // adapters behind pipeline's ports
            entry("providers", Set.of("pipeline", "model", "wire", "text", "embed")),
            entry("store", Set.of("pipeline", "model", "jobs", "webhooks", "access", "text")),
            // the durable job queue and batches; signed webhook delivery from the outbox
            entry("jobs", Set.of("model", "wire", "webhooks")),
            entry("webhooks", Set.of("wire")),
            // virtual keys, budgets, rate limits: decisions and ports, the budget's attempt stage
            entry("access", Set.of("pipeline", "model")),
            entry("telemetry", Set.of("pipeline", "model", "text")),
            // YAML -> records: the model, plus each package's own config record
            entry("config", Set.of("model", "cache", "classify", "providers", "resilience", "route", "strategy",
                    "telemetry", "validate", "jobs", "webhooks")),
            // the HTTP edge
            entry("api", Set.of("pipeline", "model", "config", "wire", "jobs", "webhooks", "access")),
            // offline tools: read decision logs through pipeline's port, train and score classifiers
            entry("eval", Set.of("pipeline", "model", "classify", "wire")),
            // the composition root wires everything
            entry("cli", Set.of(ANYTHING)));

    @ArchTest
    static final ArchRule eachPackageUsesOnlyWhatTheAllowListNames =
            PackageRules.onlyAllowedDependencies(ROOT, MAY_USE);

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = PackageRules.freeOfCycles(ROOT);

    /** A line for a package that is gone, or a name in a line that is no package, is a mistake in the table. */
    @ArchTest
    static void theAllowListNamesOnlyRealPackages(JavaClasses classes) {
        Set<String> real = classes.stream().map(JavaClass::getPackageName)
                .map(p -> PackageRules.packageUnder(ROOT, p)).flatMap(java.util.Optional::stream)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> named = new TreeSet<>(MAY_USE.keySet());
        MAY_USE.values().forEach(named::addAll);
        named.remove(ANYTHING);
        named.removeAll(real);
        if (!named.isEmpty()) {
            throw new AssertionError("the allow-list names packages that do not exist: " + named);
        }
    }

    @ArchTest
    static final ArchRule theModelUsesOnlyTheJdkAndJackson = noClasses().that().resideInAPackage("dev.ladder.model..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.ladder.model..", "java..",
                    "com.fasterxml.jackson..");

    @ArchTest
    static final ArchRule onlyTheEmbedderRunsModels = noClasses().that().resideOutsideOfPackage("dev.ladder.embed..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.langchain4j..", "ai.onnxruntime..", "ai.djl..");

    @ArchTest
    static final ArchRule onlyStoreTalksToRedis = noClasses().that().resideOutsideOfPackage("dev.ladder.store..")
            .should().dependOnClassesThat().resideInAPackage("io.lettuce..");

    @ArchTest
    static final ArchRule theOpenAiFolderStandsAlone = noClasses().that().resideInAPackage("dev.ladder.providers.openai..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.providers.anthropic..",
                    "dev.ladder.providers.simulated..");

    @ArchTest
    static final ArchRule theAnthropicFolderStandsAlone = noClasses().that().resideInAPackage("dev.ladder.providers.anthropic..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.providers.openai..",
                    "dev.ladder.providers.simulated..");

    @ArchTest
    static final ArchRule onlyTheEdgeUsesTheHttpServer = noClasses().that().resideOutsideOfPackage("dev.ladder.api..")
            .should().dependOnClassesThat().resideInAPackage("io.helidon..");

    @ArchTest
    static final ArchRule onlyProvidersCallUpstreamsOverHttp = noClasses()
            .that().resideOutsideOfPackages("dev.ladder.providers..", "dev.ladder.cli..", "dev.ladder.webhooks..")
            .should().dependOnClassesThat().resideInAPackage("java.net.http..");

    @ArchTest
    static final ArchRule onlyStoreUsesJdbc = noClasses().that().resideOutsideOfPackage("dev.ladder.store..")
            .should().dependOnClassesThat().resideInAPackage("java.sql..");

    @ArchTest
    static final ArchRule onlyTelemetryTouchesAMetricsLibrary = noClasses()
            .that().resideOutsideOfPackage("dev.ladder.telemetry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..",
                    "io.opentelemetry..", "com.codahale.metrics..")
            .because("metrics are GatewayEvents listeners in telemetry; stages emit typed events");

    @ArchTest
    static final ArchRule noSynchronizedMethods = methods().that().areDeclaredInClassesThat().resideInAPackage("dev.ladder..")
            .should().notHaveModifier(JavaModifier.SYNCHRONIZED)
            .because("locks are java.util.concurrent, never monitors (virtual threads)");
}
