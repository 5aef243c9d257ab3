package dev.ladder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void an_id_is_the_time_in_hex_then_96_random_bits() {
        byte[] random = new byte[12];
        random[11] = (byte) 0xab;

        assertThat(RequestIds.of(0x18f_2c3d_4e5fL, random)).isEqualTo("req_018f2c3d4e5f0000000000000000000000ab");
    }

    @Test
    void later_ids_sort_after_earlier_ones_whatever_their_random_part() {
        byte[] high = new byte[12];
        java.util.Arrays.fill(high, (byte) 0xff);
        byte[] low = new byte[12];

        assertThat(RequestIds.of(1_765_000_000_000L, high)).isLessThan(RequestIds.of(1_765_000_000_001L, low));
        assertThat(RequestIds.of(0xfff_ffff_ffffL, high)).isLessThan(RequestIds.of(0x1000_0000_0000L, low));
    }

    @Test
    void ids_made_in_the_same_millisecond_differ() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.next());
        }

        assertThat(ids).hasSize(10_000).allMatch(id -> id.matches("req_[0-9a-f]{36}"));
    }

    @Test
    void rejects_times_and_randomness_it_cannot_encode() {
        assertThatThrownBy(() -> RequestIds.of(-1, new byte[12])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestIds.of(1L << 48, new byte[12])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestIds.of(0, new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
