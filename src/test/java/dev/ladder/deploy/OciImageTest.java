package dev.ladder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image that {@code deploy/image/build-image.sh} (behind {@code ./ladder image}) builds without a daemon:
 * built here from target/classes and the runtime class path, its layout checked the way a runtime checks it
 * (every blob's sha256 is its name and its size the one the manifest gives, every layer's uncompressed sha256 is
 * its diff_id), its config checked (a non-root user, port 4000, an entrypoint that runs Ladder's main class on the
 * image's own JRE), and, as root, the image run: its layers are unpacked into a root file system and the gateway
 * started there with chroot as the image's user, on the image's JRE and libraries alone, until /health/live,
 * /health/ready and a routed chat completion answer 200.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a jlink, 280 MB of layers gzipped, hashed and unpacked, a JVM start
class OciImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("deploy/image/build-image.sh");

    @Test
    void theImageTarballIsAValidOciLayoutWhoseEntrypointRunsTheGateway(@TempDir Path dir) throws Exception {
        Path tarball = dir.resolve("ladder-image.tar");
        List<String> build = new ArrayList<>(List.of("bash", SCRIPT.toString(), tarball.toString(), "target/classes"));
        build.addAll(runtimeJars());
        run(build, Duration.ofMinutes(4), List.of("JAVA_HOME=" + System.getProperty("java.home"),
                "LADDER_IMAGE_TAG=ladder:test", "LADDER_IMAGE_WORK=" + Path.of("target/image-build").toAbsolutePath()));

        Path layout = Files.createDirectory(dir.resolve("layout"));
        run(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()), Duration.ofMinutes(1), List.of());
        assertThat(JSON.readTree(layout.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText())
                .isEqualTo("1.0.0");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertThat(index.path("manifests")).hasSize(1);
        JsonNode manifestRef = index.path("manifests").get(0);
        assertThat(manifestRef.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifestRef.path("annotations").path("io.containerd.image.name").asText()).isEqualTo("ladder:test");

        JsonNode manifest = JSON.readTree(verifiedBlob(layout, manifestRef).toFile());
        JsonNode configRef = manifest.path("config");
        assertThat(configRef.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");
        JsonNode config = JSON.readTree(verifiedBlob(layout, configRef).toFile());
        List<Path> layers = new ArrayList<>();
        List<String> diffIds = strings(config.path("rootfs").path("diff_ids"));
        assertThat(manifest.path("layers")).hasSize(diffIds.size()).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < diffIds.size(); i++) {
            JsonNode layer = manifest.path("layers").get(i);
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            Path blob = verifiedBlob(layout, layer);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(blob))) {
                assertThat("sha256:" + sha256(in)).as("diff_id of layer %d", i).isEqualTo(diffIds.get(i));
            }
            layers.add(blob);
            // deterministic: every entry has the fixed mtime (SOURCE_DATE_EPOCH, 0 by default)
            List<String> listing = output(List.of("tar", "--full-time", "--utc", "-tvzf", blob.toString()));
            assertThat(listing).isNotEmpty().allMatch(line -> line.contains(" 1970-01-01 00:00:00 "));
        }
        // docker load (before Docker 25) reads manifest.json: it names the same config and layers
        JsonNode docker = JSON.readTree(layout.resolve("manifest.json").toFile()).get(0);
        assertThat(docker.path("Config").asText()).isEqualTo("blobs/sha256/" + hex(configRef));
        assertThat(strings(docker.path("Layers"))).containsExactlyElementsOf(
                layers.stream().map(p -> "blobs/sha256/" + p.getFileName()).toList());
        assertThat(strings(docker.path("RepoTags"))).containsExactly("ladder:test");

        JsonNode c = config.path("config");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(c.path("User").asText()).isEqualTo("65532:65532");
        assertThat(c.path("ExposedPorts").has("4000/tcp")).isTrue();
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(strings(c.path("Env"))).contains("JAVA_HOME=/opt/java")
                .anyMatch(e -> e.startsWith("JDK_JAVA_OPTIONS=") && e.contains("-XX:MaxRAMPercentage="));
        List<String> entrypoint = strings(c.path("Entrypoint"));
        assertThat(entrypoint.getFirst()).isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED")
                .noneMatch(a -> a.startsWith("-XX:MaxRAMPercentage=")); // JDK_JAVA_OPTIONS could not change it
        assertThat(entrypoint.getLast()).isEqualTo(Main.class.getName());
        List<String> cmd = strings(c.path("Cmd"));
        assertThat(cmd).containsSubsequence("serve", "--config", "/etc/ladder/ladder.yaml")
                .containsSubsequence("--host", "0.0.0.0").containsSubsequence("--port", "4000");

        if (!isRoot()) {
            System.out.println("OciImageTest: not root, so the image's root file system is not run with chroot"
                    + " (CI runs as root and does)");
            return;
        }
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));
        for (Path layer : layers) {
            run(List.of("tar", "-xzf", layer.toString(), "-C", rootfs.toString()), Duration.ofMinutes(1), List.of());
        }
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("ladder:x:65532:65532:");
        runGatewayInChroot(rootfs, entrypoint, strings(c.path("Env")));
    }

    /**
     * Starts the entrypoint in {@code rootfs} as the image's user, with the image's environment only, and asks the
     * gateway for its health and a routed completion. A container runtime mounts /proc; so does this test (the
     * JRE's launcher finds its libraries through /proc/self/exe, the gateway counts its open files there). Where
     * even root may not mount (a container without CAP_SYS_ADMIN), it runs {@code check-config} instead, which
     * needs no /proc once LD_LIBRARY_PATH names the JRE's libraries, and says so.
     */
    private static void runGatewayInChroot(Path rootfs, List<String> entrypoint, List<String> env) throws Exception {
        Path proc = Files.createDirectory(rootfs.resolve("proc"));
        if (exitCode(List.of("mount", "-t", "proc", "proc", proc.toString())) != 0) {
            System.out.println("OciImageTest: cannot mount /proc in the root file system, so the gateway is not"
                    + " started there; running check-config in it with LD_LIBRARY_PATH=/opt/java/lib instead");
            List<String> command = new ArrayList<>(List.of("chroot", "--userspec=65532:65532", rootfs.toString()));
            command.addAll(entrypoint);
            command.addAll(List.of("check-config", "/etc/ladder/ladder.yaml"));
            List<String> environment = new ArrayList<>(env);
            environment.add("LD_LIBRARY_PATH=/opt/java/lib");
            run(command, Duration.ofMinutes(1), environment, true);
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("chroot", "--userspec=65532:65532", rootfs.toString()));
        command.addAll(entrypoint);
        command.addAll(List.of("serve", "--config", "/etc/ladder/ladder.yaml", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--data-dir", "/var/lib/ladder"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(rootfs.resolve("tmp/gateway.log").toFile());
        pb.environment().clear();
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Process gateway = pb.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int live = 0;
            while (live != 200 && gateway.isAlive() && System.nanoTime() < deadline) {
                live = status(http, HttpRequest.newBuilder(base.resolve("/health/live")).build());
                if (live != 200) {
                    Thread.sleep(100);
                }
            }
            String log = Files.readString(rootfs.resolve("tmp/gateway.log"));
            assertThat(live).as("/health/live of the gateway in the image; its output:%n%s", log).isEqualTo(200);
            assertThat(status(http, HttpRequest.newBuilder(base.resolve("/health/ready")).build())).isEqualTo(200);
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"ladder/auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(JSON.readTree(chat.body()).path("choices").get(0).path("message").path("content").asText())
                    .startsWith("Hello from sim-");
            // the decision log lives in the data dir, which only the image's user may write
            assertThat(rootfs.resolve("var/lib/ladder/ladder.db")).exists();
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor();
            }
            if (exitCode(List.of("umount", proc.toString())) != 0) {
                exitCode(List.of("umount", "-l", proc.toString()));
            }
        }
    }

    private static int status(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            return 0;
        }
    }

    /** The blob a descriptor names, after checking that its sha256 is its digest and its length its size. */
    private static Path verifiedBlob(Path layout, JsonNode descriptor) throws IOException {
        Path blob = layout.resolve("blobs/sha256").resolve(hex(descriptor));
        assertThat(blob).exists();
        assertThat(Files.size(blob)).as("size of %s", blob.getFileName()).isEqualTo(descriptor.path("size").asLong());
        try (InputStream in = Files.newInputStream(blob)) {
            assertThat(sha256(in)).as("sha256 of %s", blob.getFileName()).isEqualTo(hex(descriptor));
        }
        return blob;
    }

    private static String hex(JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        return digest.substring("sha256:".length());
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The runtime jars, as Maven wrote them in generate-test-resources (the runtime-classpath execution). */
    private static List<String> runtimeJars() throws IOException {
        Path file = Path.of("target/runtime-classpath.txt");
        assertThat(file).as("written by the build (./mvnw test-compile or later)").exists();
        return List.of(Files.readString(file).strip().split(java.io.File.pathSeparator));
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static List<String> output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), lines).isZero();
        return lines;
    }

    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static void run(List<String> command, Duration timeout, List<String> env) {
        run(command, timeout, env, false);
    }

    /** Runs {@code command} with {@code env} added (or, when {@code onlyEnv}, as its whole environment). */
    private static void run(List<String> command, Duration timeout, List<String> env, boolean onlyEnv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (onlyEnv) {
                pb.environment().clear();
            }
            for (String e : env) {
                pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
            }
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " still running after " + timeout);
            }
            assertThat(p.exitValue()).as("%s exited with; output:%n%s", String.join(" ", command),
                    new String(out, StandardCharsets.UTF_8)).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
