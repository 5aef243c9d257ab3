package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 16: the JDK HTTP client's per-connection buffer is 4 KiB in the gateway unless the command line says. */
class HttpClientBufferTest {

    private static final String PROPERTY = "jdk.httpclient.bufsize";
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, saved);
        }
    }

    @Test
    void withoutASettingTheBufferIs4KiB() {
        System.clearProperty(PROPERTY);

        Main.configureHttpClient();

        assertThat(System.getProperty(PROPERTY)).isEqualTo("4096");
    }

    @Test
    void aSettingOnTheCommandLineWins() {
        System.setProperty(PROPERTY, "65536");

        Main.configureHttpClient();

        assertThat(System.getProperty(PROPERTY)).isEqualTo("65536");
    }
}
