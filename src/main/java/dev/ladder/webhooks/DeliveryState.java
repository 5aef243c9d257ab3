package dev.ladder.webhooks;

import java.util.Locale;
import java.util.Optional;

/** An outbox event's delivery: still to be tried (again), delivered (a 2xx), or dead after its last try. */
public enum DeliveryState {
    PENDING, DELIVERED, DEAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryState> parse(String s) {
        for (DeliveryState st : values()) {
            if (st.wireName().equals(s)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }
}
