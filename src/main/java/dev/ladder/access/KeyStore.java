package dev.ladder.access;

import java.util.List;
import java.util.Optional;

/** Where virtual keys and teams live (SQLite beside the decision log). Never sees a secret, only its hash. */
public interface KeyStore {

    void insert(VirtualKey key);

    /** Replaces the stored key of the same id; false when there is none. */
    boolean replace(VirtualKey key);

    Optional<VirtualKey> byId(String id);

    Optional<VirtualKey> byHash(String hash);

    List<VirtualKey> list();

    void putTeam(Team team);

    Optional<Team> team(String name);

    List<Team> teams();
}
