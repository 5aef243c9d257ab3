package dev.ladder.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The two package rules, as functions of an allow-list and a package root, so that {@link ArchitectureTest}
 * holds them on Ladder and {@link PackageRulesTest} shows them failing on small fixtures. A package here is
 * the first segment below the root ({@code dev.ladder.providers.openai} belongs to {@code providers}).
 */
final class PackageRules {

    /** In an allow-list entry: the package may use every package under the root (the composition root). */
    static final String ANYTHING = "*";

    private PackageRules() {
    }

    /**
     * Each class under {@code root} depends, among the root's packages, only on its own package and on those
     * {@code allowed} names for it; a package the table does not name at all is a violation too, so a new
     * package has to be given its line.
     */
    static ArchRule onlyAllowedDependencies(String root, Map<String, Set<String>> allowed) {
        return classes().that().resideInAPackage(root + "..")
                .should(useOnlyAllowedPackages(root, allowed))
                .because("the allow-list in ArchitectureTest is the one place that says what each package may use");
    }

    /** No two packages under {@code root} depend on each other, directly or through others. */
    static ArchRule freeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** The package of {@code packageName} under {@code root} ("" for the root itself), or empty outside it. */
    static Optional<String> packageUnder(String root, String packageName) {
        if (packageName.equals(root)) {
            return Optional.of("");
        }
        if (!packageName.startsWith(root + ".")) {
            return Optional.empty();
        }
        String rest = packageName.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    private static ArchCondition<JavaClass> useOnlyAllowedPackages(String root, Map<String, Set<String>> allowed) {
        return new ArchCondition<>("depend only on their own package and on those the allow-list names for it") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String from = packageUnder(root, c.getPackageName()).orElseThrow();
                Set<String> may = allowed.get(from);
                if (may == null) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " is in " + qualified(root, from)
                            + ", which the allow-list does not name; give it a line"));
                    return;
                }
                if (may.contains(ANYTHING)) {
                    return;
                }
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    Optional<String> to = packageUnder(root, target.getPackageName());
                    if (to.isPresent() && !to.get().equals(from) && !may.contains(to.get())) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription() + ": " + qualified(root, from)
                                + " may use only " + new TreeSet<>(may) + ", not " + to.get()));
                    }
                }
            }
        };
    }

    private static String qualified(String root, String pkg) {
        return pkg.isEmpty() ? root : root + "." + pkg;
    }
}
