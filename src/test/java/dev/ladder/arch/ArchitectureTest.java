package dev.ladder.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of STYLE.md, held by the build. Feature packages do not import each other; the
 * Exchange carries data between them. Only the edge knows HTTP-server and JDBC APIs.
 */
@AnalyzeClasses(packages = "dev.ladder", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelDependsOnNothingOfOurs = noClasses().that().resideInAPackage("dev.ladder.model..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.ladder.model..", "java..",
                    "com.fasterxml.jackson..");

    @ArchTest
    static final ArchRule pipelineSeesOnlyTheModel = noClasses().that().resideInAPackage("dev.ladder.pipeline..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.api..", "dev.ladder.cli..",
                    "dev.ladder.classify..", "dev.ladder.route..", "dev.ladder.upstream..", "dev.ladder.providers..",
                    "dev.ladder.store..", "dev.ladder.telemetry..", "dev.ladder.config..", "dev.ladder.wire..",
                    "dev.ladder.cache..", "dev.ladder.embed..");

    @ArchTest
    static final ArchRule featurePackagesDoNotImportEachOther = noClasses()
            .that().resideInAnyPackage("dev.ladder.classify..", "dev.ladder.route..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.providers..", "dev.ladder.api..",
                    "dev.ladder.cli..", "dev.ladder.store..", "dev.ladder.telemetry..", "dev.ladder.upstream..")
            .orShould().dependOnClassesThat().resideInAPackage("dev.ladder.config..");

    @ArchTest
    static final ArchRule theCacheSeesOnlyThePipelineModelEmbedderAndWire = noClasses()
            .that().resideInAPackage("dev.ladder.cache..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.api..", "dev.ladder.cli..",
                    "dev.ladder.classify..", "dev.ladder.route..", "dev.ladder.upstream..", "dev.ladder.providers..",
                    "dev.ladder.store..", "dev.ladder.telemetry..", "dev.ladder.config..", "dev.ladder.validate..");

    @ArchTest
    static final ArchRule otherFeaturesDoNotReachIntoTheCache = noClasses()
            .that().resideInAnyPackage("dev.ladder.classify..", "dev.ladder.route..", "dev.ladder.upstream..",
                    "dev.ladder.providers..", "dev.ladder.store..", "dev.ladder.telemetry..")
            .should().dependOnClassesThat().resideInAPackage("dev.ladder.cache..");

    @ArchTest
    static final ArchRule theEmbedderStandsAlone = noClasses().that().resideInAPackage("dev.ladder.embed..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.api..", "dev.ladder.cli..",
                    "dev.ladder.cache..", "dev.ladder.classify..", "dev.ladder.route..", "dev.ladder.upstream..",
                    "dev.ladder.providers..", "dev.ladder.store..", "dev.ladder.telemetry..", "dev.ladder.config..",
                    "dev.ladder.pipeline..", "dev.ladder.wire..");

    @ArchTest
    static final ArchRule onlyTheEmbedderRunsModels = noClasses().that().resideOutsideOfPackage("dev.ladder.embed..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.langchain4j..", "ai.onnxruntime..", "ai.djl..");

    @ArchTest
    static final ArchRule onlyStoreTalksToRedis = noClasses().that().resideOutsideOfPackage("dev.ladder.store..")
            .should().dependOnClassesThat().resideInAPackage("io.lettuce..");

    @ArchTest
    static final ArchRule classifyAndRouteAreIndependent = noClasses().that().resideInAPackage("dev.ladder.classify..")
            .should().dependOnClassesThat().resideInAPackage("dev.ladder.route..");

    @ArchTest
    static final ArchRule validateSeesOnlyModelPipelineAndWire = noClasses().that().resideInAPackage("dev.ladder.validate..")
            .should().dependOnClassesThat(resideInAPackage("dev.ladder..").and(resideOutsideOfPackages(
                    "dev.ladder.validate..", "dev.ladder.model..", "dev.ladder.pipeline..", "dev.ladder.wire..")))
            .because("validators judge a request and its answer; they know nothing of routing, providers or config");

    @ArchTest
    static final ArchRule theEdgeDoesNotReachIntoFeatures = noClasses().that().resideInAPackage("dev.ladder.api..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.providers..", "dev.ladder.classify..",
                    "dev.ladder.route..", "dev.ladder.upstream..", "dev.ladder.store..", "dev.ladder.telemetry..",
                    "dev.ladder.cache..", "dev.ladder.embed..");

    @ArchTest
    static final ArchRule providersDoNotKnowTheEdgeOrRouting = noClasses().that().resideInAPackage("dev.ladder.providers..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.api..", "dev.ladder.cli..",
                    "dev.ladder.classify..", "dev.ladder.route..", "dev.ladder.upstream..", "dev.ladder.store..",
                    "dev.ladder.telemetry..");

    @ArchTest
    static final ArchRule theOpenAiFolderStandsAlone = noClasses().that().resideInAPackage("dev.ladder.providers.openai..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.providers.anthropic..",
                    "dev.ladder.providers.simulated..");

    @ArchTest
    static final ArchRule theAnthropicFolderStandsAlone = noClasses().that().resideInAPackage("dev.ladder.providers.anthropic..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.providers.openai..",
                    "dev.ladder.providers.simulated..");

    @ArchTest
    static final ArchRule offlineToolsUsePortsNotTheGateway = noClasses().that().resideInAPackage("dev.ladder.eval..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.api..", "dev.ladder.cli..",
                    "dev.ladder.config..", "dev.ladder.store..", "dev.ladder.providers..", "dev.ladder.telemetry..",
                    "dev.ladder.upstream..", "dev.ladder.route..")
            .because("eval reads decision logs through pipeline's DecisionStore port; cli wires the SQLite store");

    @ArchTest
    static final ArchRule onlyTheCompositionRootRunsTheOfflineTools = noClasses()
            .that().resideOutsideOfPackages("dev.ladder.eval..", "dev.ladder.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.ladder.eval..");

    @ArchTest
    static final ArchRule onlyTheEdgeUsesTheHttpServer = noClasses().that().resideOutsideOfPackage("dev.ladder.api..")
            .should().dependOnClassesThat().resideInAPackage("io.helidon..");

    @ArchTest
    static final ArchRule onlyProvidersCallUpstreamsOverHttp = noClasses()
            .that().resideOutsideOfPackages("dev.ladder.providers..", "dev.ladder.cli..")
            .should().dependOnClassesThat().resideInAPackage("java.net.http..");

    @ArchTest
    static final ArchRule onlyStoreUsesJdbc = noClasses().that().resideOutsideOfPackage("dev.ladder.store..")
            .should().dependOnClassesThat().resideInAPackage("java.sql..");

    @ArchTest
    static final ArchRule nothingButTheCompositionRootDependsOnCli = noClasses()
            .that().resideOutsideOfPackage("dev.ladder.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.ladder.cli..");

    @ArchTest
    static final ArchRule resilienceSeesOnlyTheModel = noClasses().that().resideInAPackage("dev.ladder.resilience..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.api..", "dev.ladder.cli..",
                    "dev.ladder.classify..", "dev.ladder.route..", "dev.ladder.upstream..", "dev.ladder.providers..",
                    "dev.ladder.store..", "dev.ladder.telemetry..", "dev.ladder.config..", "dev.ladder.wire..",
                    "dev.ladder.pipeline..");

    @ArchTest
    static final ArchRule onlyTelemetryTouchesAMetricsLibrary = noClasses()
            .that().resideOutsideOfPackage("dev.ladder.telemetry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..",
                    "io.opentelemetry..", "com.codahale.metrics..")
            .because("metrics are GatewayEvents listeners in telemetry; stages emit typed events");

    @ArchTest
    static final ArchRule theUpstreamStageDoesNotKnowProvidersOrTheEdge = noClasses()
            .that().resideInAPackage("dev.ladder.upstream..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ladder.providers..", "dev.ladder.api..",
                    "dev.ladder.cli..", "dev.ladder.config..", "dev.ladder.route..", "dev.ladder.classify..");

    @ArchTest
    static final ArchRule noSynchronizedMethods = methods().that().areDeclaredInClassesThat().resideInAPackage("dev.ladder..")
            .should().notHaveModifier(JavaModifier.SYNCHRONIZED)
            .because("locks are java.util.concurrent, never monitors (virtual threads)");
}
