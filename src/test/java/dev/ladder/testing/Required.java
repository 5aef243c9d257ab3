package dev.ladder.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from outside the project: the evaluation data beside the repository ({@code ../shared/data},
 * passed by surefire as {@code ladder.shared.data}) and a Redis server ({@link LocalRedis}). When it is missing,
 * the test is skipped with a message saying what is missing and where it was looked for; in CI ({@code CI=true},
 * where .ci/run starts Redis and shared/ is laid beside the clone) the test fails with that message instead, so a
 * broken CI setup cannot pass as a run of skipped tests.
 */
public final class Required {

    private Required() {
    }

    /** The file or directory {@code relative} under the shared data directory, e.g. {@code routellm/gsm8k}. */
    public static Path sharedData(String relative) {
        Path root = Path.of(System.getProperty("ladder.shared.data", "../shared/data"));
        Path p = root.resolve(relative);
        present(Files.isReadable(p), "shared data " + relative + " (looked for " + p.toAbsolutePath().normalize()
                + "; the system property ladder.shared.data names the directory)");
        return p;
    }

    /** The URL of a running Redis server: CI's ({@code LADDER_REDIS_URL}) or one started from the PATH. */
    public static String redis() {
        Optional<String> url = LocalRedis.url();
        present(url.isPresent(), "a Redis server (set LADDER_REDIS_URL, or put redis-server on the PATH)");
        return url.orElseThrow();
    }

    /** The JDBC URL of a running PostgreSQL server: CI's ({@code LADDER_POSTGRES_URL}) or one started here. */
    public static String postgres() {
        Optional<String> url = LocalPostgres.url();
        present(url.isPresent(), "a PostgreSQL server (set LADDER_POSTGRES_URL, or apt-get install postgresql)");
        return url.orElseThrow();
    }

    /**
     * The path of a program that .ci/run installs from Debian's packages ({@code promtool}, {@code chromium}),
     * looked up in /usr/bin and then on the PATH.
     */
    public static Path executable(String name, String debianPackage) {
        java.util.List<Path> candidates = new java.util.ArrayList<>(java.util.List.of(Path.of("/usr/bin", name)));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, name));
            }
        }
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        present(found.isPresent(), "the program " + name + " (apt-get install " + debianPackage + ")");
        return found.orElseThrow();
    }

    /** True in a CI run: {@code CI=true}, as the CI that runs .ci/run sets it (GitHub Actions does too). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void present(boolean present, String what) {
        present(present, what, inCi());
    }

    /** Skips (or, in CI, fails) the calling test unless {@code present}. */
    static void present(boolean present, String what, boolean ci) {
        if (present) {
            return;
        }
        if (ci) {
            throw new AssertionError("missing in CI (CI=true), so failing instead of skipping: " + what);
        }
        Assumptions.abort("skipped: missing " + what + " (in CI, with CI=true, this fails)");
    }
}
