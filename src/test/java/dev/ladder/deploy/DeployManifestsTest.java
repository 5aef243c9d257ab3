package dev.ladder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ladder.cache.CacheConfig;
import dev.ladder.cli.Gateway;
import dev.ladder.cli.KeysWiring;
import dev.ladder.cli.Main;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The example deployments in deploy/ agree with the gateway: the Kubernetes manifests' probes are routes that
 * answer 200 on a running gateway, the container's arguments are options `ladder serve` accepts and name the
 * mounted config and a writable data dir, every environment variable set is one the gateway or its config
 * reads (and every one the config needs is set), and both the ConfigMap's and the Compose file's configs load.
 */
class DeployManifestsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path K8S = Path.of("deploy/kubernetes");
    private static final Path COMPOSE = Path.of("deploy/compose");
    /** ${NAME} or ${NAME:-default} in a Ladder config (docs/config.md); group 2 is set when it has a default. */
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");
    /** What the process reads besides the config's references: the admin key, and the java launcher's flags. */
    private static final Set<String> READ_BY_THE_PROCESS = Set.of(KeysWiring.MASTER_KEY_ENV, "JDK_JAVA_OPTIONS");

    @Test
    void theKubernetesManifestsProbeRealRoutesAndPassWhatTheGatewayReads(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> byKind = new HashMap<>();
        JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        for (String file : strings(kustomization.path("resources"))) {
            JsonNode doc = YAML.readTree(K8S.resolve(file).toFile());
            assertThat(byKind.put(doc.path("kind").asText(), doc)).as("one %s", doc.path("kind")).isNull();
        }
        assertThat(byKind).containsOnlyKeys("Secret", "ConfigMap", "Deployment", "Service",
                "HorizontalPodAutoscaler");
        JsonNode deployment = byKind.get("Deployment");
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        assertThat(container.path("image").asText())
                .isEqualTo(kustomization.path("images").get(0).path("name").asText());

        // the arguments: options of `ladder serve`, the config where the ConfigMap is mounted, the port the probes use
        Map<String, String> serve = serveOptions(strings(container.path("args")));
        int containerPort = container.path("ports").get(0).path("containerPort").asInt();
        assertThat(serve.get("--port")).isEqualTo(String.valueOf(containerPort)).isEqualTo("4000");
        Map<String, String> mounts = new HashMap<>();
        for (JsonNode m : container.path("volumeMounts")) {
            mounts.put(m.path("mountPath").asText(), m.path("name").asText());
        }
        Path configPath = Path.of(serve.get("--config"));
        String configVolume = mounts.get(configPath.getParent().toString());
        assertThat(configVolume).as("a volume mounted at %s", configPath.getParent()).isNotNull();
        JsonNode configMap = byKind.get("ConfigMap");
        assertThat(volume(pod, configVolume).path("configMap").path("name").asText())
                .isEqualTo(configMap.path("metadata").path("name").asText());
        String configText = configMap.path("data").path(configPath.getFileName().toString()).asText();
        assertThat(configText).as("the ConfigMap's key %s", configPath.getFileName()).isNotBlank();
        // a read-only root file system: the data dir and /tmp (native libraries unpack there) are volumes
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(mounts).containsKeys(serve.get("--data-dir"), "/tmp");
        assertThat(pod.path("spec").path("securityContext").path("runAsUser").asInt()).isEqualTo(65532);

        // the environment: the Secret's keys and the env list, each read by the gateway or named by its config
        JsonNode secret = byKind.get("Secret");
        assertThat(container.path("envFrom").get(0).path("secretRef").path("name").asText())
                .isEqualTo(secret.path("metadata").path("name").asText());
        Map<String, String> env = new HashMap<>();
        secret.path("stringData").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env).containsKey(KeysWiring.MASTER_KEY_ENV);
        checkEnvironmentMatches(env.keySet(), configText);
        LadderConfig cfg = ConfigLoader.parse(configText, dir, env);
        assertThat(cfg.server().port()).isEqualTo(containerPort);
        assertThat(cfg.server().host()).isEqualTo("0.0.0.0");
        assertThat(cfg.cache().exact().backend()).as("replicas share the exact cache").isEqualTo(CacheConfig.Backend.REDIS);
        assertThat(cfg.jobs().database()).as("replicas share the job queue").isPresent();
        assertThat(cfg.state().database()).as("replicas share the decision log, keys and spend").isPresent();
        assertThat(cfg.state().redis()).as("replicas share budgets and rate limits").isPresent();

        // the probes: the routes answer 200 on a running gateway
        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        JsonNode liveness = container.path("livenessProbe").path("httpGet");
        assertThat(readiness.path("path").asText()).isEqualTo("/health/ready");
        assertThat(liveness.path("path").asText()).isEqualTo("/health/live");
        List<JsonNode> probes = List.of(readiness, liveness, container.path("startupProbe").path("httpGet"));
        for (JsonNode probe : probes) {
            assertThat(probe.path("port").asText()).isEqualTo(container.path("ports").get(0).path("name").asText());
        }
        LadderConfig demo = ConfigLoader.loadDemo(dir);
        try (Gateway gw = Gateway.start(demo.withServer(demo.server().withPort(0).withHost("127.0.0.1")
                .withDataDir(dir)), InstantSource.system(), Optional.of("admin-key"));
                HttpClient http = HttpClient.newHttpClient()) {
            for (JsonNode probe : probes) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                        URI.create(gw.baseUrl() + probe.path("path").asText())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as("GET %s: %s", probe.path("path").asText(), res.body()).isEqualTo(200);
            }
        }

        // the Service and the autoscaler point at the Deployment's pods
        JsonNode labels = pod.path("metadata").path("labels");
        JsonNode service = byKind.get("Service");
        service.path("spec").path("selector").properties().forEach(e ->
                assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
        JsonNode target = byKind.get("HorizontalPodAutoscaler").path("spec").path("scaleTargetRef");
        assertThat(target.path("kind").asText()).isEqualTo("Deployment");
        assertThat(target.path("name").asText()).isEqualTo(deployment.path("metadata").path("name").asText());
        assertThat(container.path("resources").path("requests").has("cpu"))
                .as("a CPU request, which the autoscaler's utilization is relative to").isTrue();
    }

    @Test
    void theComposeFileRunsLadderOnItsRedisAndPostgresWithAConfigThatLoads() throws IOException {
        JsonNode compose = YAML.readTree(COMPOSE.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        assertThat(iterable(services.fieldNames())).containsExactlyInAnyOrder("ladder", "redis", "postgres");
        JsonNode ladder = services.path("ladder");
        Map<String, String> serve = serveOptions(strings(ladder.path("command")));
        assertThat(strings(ladder.path("ports"))).containsExactly("127.0.0.1:4000:" + serve.get("--port"));

        Path config = null;
        Set<String> volumeTargets = new LinkedHashSet<>();
        for (String volume : strings(ladder.path("volumes"))) {
            String[] parts = volume.split(":");
            volumeTargets.add(parts[1]);
            if (parts[1].equals(serve.get("--config"))) {
                config = COMPOSE.resolve(parts[0]).normalize();
            }
        }
        assertThat(config).as("a volume mounting the config at %s", serve.get("--config")).isNotNull();
        assertThat(volumeTargets).contains(serve.get("--data-dir"));

        // the environment: Compose's own ${VAR:?...} are the caller's values; a stand-in serves for them here
        Map<String, String> env = new HashMap<>();
        ladder.path("environment").properties().forEach(e -> env.put(e.getKey(),
                e.getValue().asText().startsWith("${") ? "from-the-caller" : e.getValue().asText()));
        String configText = Files.readString(config);
        checkEnvironmentMatches(env.keySet(), configText);
        LadderConfig cfg = ConfigLoader.load(config, env);
        assertThat(cfg.server().port()).isEqualTo(Integer.parseInt(serve.get("--port")));
        assertThat(cfg.cache().exact().backend()).isEqualTo(CacheConfig.Backend.REDIS);

        // the URLs name the Compose services, and PostgreSQL's with the user, password and database it creates
        assertThat(URI.create(env.get("LADDER_REDIS_URL")).getHost()).isEqualTo("redis");
        URI postgres = URI.create(env.get("LADDER_POSTGRES_URL"));
        JsonNode pg = services.path("postgres").path("environment");
        assertThat(postgres.getHost()).isEqualTo("postgres");
        assertThat(postgres.getUserInfo())
                .isEqualTo(pg.path("POSTGRES_USER").asText() + ":" + pg.path("POSTGRES_PASSWORD").asText());
        assertThat(postgres.getPath()).isEqualTo("/" + pg.path("POSTGRES_DB").asText());
        assertThat(cfg.jobs().database()).contains(env.get("LADDER_POSTGRES_URL"));
        assertThat(cfg.state().database()).contains(env.get("LADDER_POSTGRES_URL"));
        assertThat(cfg.state().redis()).contains(env.get("LADDER_REDIS_URL"));
        assertThat(ladder.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(ladder.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
    }

    /**
     * Every variable set is read by the process or referenced by the config, and every reference without a default
     * is set: a misspelt name fails here rather than at start (or, worse, not at all for an optional one).
     */
    private static void checkEnvironmentMatches(Set<String> set, String configText) {
        Set<String> referenced = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        Matcher m = ENV_REF.matcher(configText);
        while (m.find()) {
            referenced.add(m.group(1));
            if (m.group(2) == null) {
                required.add(m.group(1));
            }
        }
        assertThat(set).as("variables set that neither the gateway nor its config reads")
                .allMatch(name -> referenced.contains(name) || READ_BY_THE_PROCESS.contains(name));
        assertThat(set).as("variables the config needs").containsAll(required);
    }

    /** The options of {@code ladder serve ...} as picocli parses them for the real command line. */
    private static Map<String, String> serveOptions(List<String> args) {
        CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
        assertThat(parsed.hasSubcommand()).isTrue();
        CommandLine.ParseResult sub = parsed.subcommand();
        assertThat(sub.commandSpec().name()).isEqualTo("serve");
        Map<String, String> options = new HashMap<>();
        for (CommandLine.Model.OptionSpec o : sub.matchedOptions()) {
            options.put(o.longestName(), o.originalStringValues().getLast());
        }
        assertThat(options).containsKeys("--config", "--port", "--host", "--data-dir");
        assertThat(options.get("--host")).isEqualTo("0.0.0.0");
        return options;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
