package dev.ladder.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ladder spend}: keyed spend from a running gateway's ledger, grouped one way. */
@Command(name = "spend", mixinStandardHelpOptions = true, description = "Cost, tokens, requests and savings against "
        + "the all-frontier baseline of keyed traffic, by key, team, model, tier, feature or day (needs the master "
        + "key).")
final class SpendCommand implements Callable<Integer> {

    @Mixin
    AdminClient client;

    @Option(names = "--by", defaultValue = "key", description = "key, team, model, tier, feature or day "
            + "(default ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Only requests from this UTC day on.")
    String since;

    @Override
    public Integer call() {
        String path = "/admin/spend?by=" + KeysCommand.enc(by) + (since == null ? "" : "&since="
                + KeysCommand.enc(since));
        return client.call("GET", path, Optional.empty());
    }
}
