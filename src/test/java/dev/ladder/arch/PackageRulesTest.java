package dev.ladder.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.ladder.arch.fixture.clean.a.Caller;
import dev.ladder.arch.fixture.clean.b.Callee;
import dev.ladder.arch.fixture.cycle.a.Ping;
import dev.ladder.arch.fixture.cycle.b.Pong;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The test of {@link ArchitectureTest}: its two package rules, built by the same {@link PackageRules} functions,
 * pass on a clean fixture and fail on a dependency the table does not allow, on a package the table does not
 * name, and on a cycle.
 */
class PackageRulesTest {

    static final String CLEAN = "dev.ladder.arch.fixture.clean";
    static final String CYCLE = "dev.ladder.arch.fixture.cycle";

    // the fixture classes by name: scanning the classpath for their packages would cost seconds
    static final JavaClasses clean = new ClassFileImporter().importClasses(Caller.class, Callee.class);
    static final JavaClasses cycle = new ClassFileImporter().importClasses(Ping.class, Pong.class);

    static EvaluationResult allowList(String root, Map<String, Set<String>> table, JavaClasses classes) {
        return PackageRules.onlyAllowedDependencies(root, table).evaluate(classes);
    }

    @Test
    void aDependencyOnTheAllowListPasses() {
        EvaluationResult r = allowList(CLEAN, Map.of("a", Set.of("b"), "b", Set.of()), clean);

        assertThat(r.hasViolation()).as(r.getFailureReport().toString()).isFalse();
    }

    @Test
    void aDependencyMissingFromTheAllowListFailsAndSaysWhatIsAllowed() {
        EvaluationResult r = allowList(CLEAN, Map.of("a", Set.of(), "b", Set.of()), clean);

        assertThat(r.hasViolation()).isTrue();
        assertThat(r.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("Caller", "Callee", CLEAN + ".a may use only [], not b"));
    }

    @Test
    void aPackageTheAllowListDoesNotNameFails() {
        EvaluationResult r = allowList(CLEAN, Map.of("a", Set.of("b")), clean);

        assertThat(r.getFailureReport().getDetails()).singleElement().asString()
                .contains(CLEAN + ".b.Callee is in " + CLEAN + ".b, which the allow-list does not name");
    }

    @Test
    void anythingLetsTheCompositionRootUseEveryPackage() {
        EvaluationResult r = allowList(CLEAN, Map.of("a", Set.of(PackageRules.ANYTHING), "b", Set.of()), clean);

        assertThat(r.hasViolation()).isFalse();
    }

    @Test
    void aCycleFailsEvenWhenTheAllowListAllowsBothDirections() {
        Map<String, Set<String>> both = Map.of("a", Set.of("b"), "b", Set.of("a"));
        assertThat(allowList(CYCLE, both, cycle).hasViolation()).isFalse();

        EvaluationResult r = PackageRules.freeOfCycles(CYCLE).evaluate(cycle);

        assertThat(r.hasViolation()).isTrue();
        assertThat(r.getFailureReport().toString()).contains("Cycle detected", "Ping", "Pong");
    }

    @Test
    void packagesWithoutACyclePass() {
        assertThat(PackageRules.freeOfCycles(CLEAN).evaluate(clean).hasViolation()).isFalse();
    }

    @Test
    void aSubPackageBelongsToItsFirstSegmentAndTheRootToTheEmptyName() {
        assertThat(PackageRules.packageUnder("dev.ladder", "dev.ladder.providers.openai")).hasValue("providers");
        assertThat(PackageRules.packageUnder("dev.ladder", "dev.ladder")).hasValue("");
        assertThat(PackageRules.packageUnder("dev.ladder", "dev.ladderx.model")).isEmpty();
        assertThat(PackageRules.packageUnder("dev.ladder", "java.util")).isEmpty();
    }
}
