package dev.ladder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListeningTest {

    @Test
    void theConfiguredCapStandsWhenThereAreFilesEnoughForTwoPerConnection() {
        assertThat(Listening.connectionCap(8192, 1_048_576, 60)).isEqualTo(8192);
    }

    @Test
    void theCapIsLoweredToHalfTheFilesLeftAfterTheReserveAndWhatIsOpen() {
        // 20,000 files (the limit that let 20,000 slow connections kill the listener), 100 open
        assertThat(Listening.connectionCap(20_000, 20_000, 100))
                .isEqualTo((int) ((20_000 - 100 - Listening.RESERVED_FILES) / 2));
        assertThat(Listening.connectionCap(8192, 1024, 72)).isEqualTo(412);
    }

    @Test
    void theCapIsNeverBelowOne() {
        assertThat(Listening.connectionCap(100, 64, 60)).isEqualTo(1);
    }

    @Test
    void anUnknownHostFailsWithOneLineNamingIt() {
        assertThatThrownBy(() -> Listening.checkFree("no-such-host.invalid", 4000))
                .hasMessage("cannot listen on no-such-host.invalid:4000: unknown host 'no-such-host.invalid'");
    }

    @Test
    void idleConnectionsAreLookedForFourTimesPerTimeoutWithinBounds() {
        assertThat(GatewayServer.checkPeriod(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(15));
        assertThat(GatewayServer.checkPeriod(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
        assertThat(GatewayServer.checkPeriod(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(50));
        assertThat(GatewayServer.checkPeriod(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(15));
    }
}
