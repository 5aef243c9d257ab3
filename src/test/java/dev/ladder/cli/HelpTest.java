package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 10, item 5: {@code ladder --help} (and every subcommand's help) prints cleanly, with no picocli warning. */
class HelpTest {

    @Test
    void everyHelpPagePrintsWithoutAPicocliWarning() {
        JavaProcess help = JavaProcess.run(Duration.ofSeconds(60), AllHelpPages.class);

        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.err()).doesNotContain("picocli").doesNotContain("WARN");
        assertThat(help.out()).contains("Usage: ladder").contains("Usage: ladder eval")
                .contains("100 % of calls on the strong model").contains("CPT(50 %)");
    }
}
