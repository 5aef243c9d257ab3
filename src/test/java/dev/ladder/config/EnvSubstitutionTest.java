package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("HOST", "example.com", "EMPTY", "");

    @Test
    void aVariableIsReplacedAnywhereInTheString() {
        assertThat(apply("https://${HOST}/v1")).isEqualTo("https://example.com/v1");
        assertThat(apply("${HOST}${HOST}")).isEqualTo("example.comexample.com");
    }

    @Test
    void theDefaultIsUsedWhenTheVariableIsUnsetOrEmpty() {
        assertThat(apply("${MISSING:-fallback}")).isEqualTo("fallback");
        assertThat(apply("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(apply("${HOST:-fallback}")).isEqualTo("example.com");
        assertThat(apply("${MISSING:-}")).isEmpty();
    }

    @Test
    void aSetButEmptyVariableWithoutDefaultIsEmpty() {
        assertThat(apply("[${EMPTY}]")).isEqualTo("[]");
    }

    @Test
    void aDoubledDollarWritesALiteralReference() {
        assertThat(apply("$${HOST} costs $5")).isEqualTo("${HOST} costs $5");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAProblemNamingIt() {
        assertThat(EnvSubstitution.apply("${A}-${B}", ENV).problems()).containsExactly(
                "environment variable A is not set", "environment variable B is not set");
    }

    @Test
    void anUnterminatedReferenceIsAProblem() {
        assertThat(EnvSubstitution.apply("key-${HOST", ENV).problems()).singleElement().asString()
                .startsWith("unterminated '${'");
    }

    @Test
    void anInvalidNameIsAProblem() {
        assertThat(EnvSubstitution.apply("${1ABC}", ENV).problems()).singleElement().asString()
                .startsWith("'${1ABC}' is not a valid environment variable reference");
    }

    private static String apply(String raw) {
        EnvSubstitution.Result r = EnvSubstitution.apply(raw, ENV);
        assertThat(r.problems()).isEmpty();
        return r.value();
    }
}
