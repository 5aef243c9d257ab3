package dev.ladder.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ladder keys create|list|get|update|revoke}: the keys admin API from the command line. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Creates, lists, updates and revokes "
        + "virtual keys through a running gateway's admin API (needs the master key).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Get.class,
                KeysCommand.Update.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("ladder keys: name a subcommand: create, list, get, update, revoke (see --help)");
    }

    /** The fields of a key, as options; only the ones given are sent. */
    static final class Fields {
        @Option(names = "--name", description = "A label.")
        String name;
        @Option(names = "--team", description = "The team the key belongs to.")
        String team;
        @Option(names = "--user", description = "The owner.")
        String user;
        @Option(names = "--tag", description = "A tag (repeatable).")
        List<String> tags;
        @Option(names = "--model", description = "A model the key may ask for by name (repeatable; none: all).")
        List<String> models;
        @Option(names = "--tier", description = "A tier the key may use (repeatable; none: all).")
        List<String> tiers;
        @Option(names = "--max-tier", description = "The highest tier routing may reach.")
        String maxTier;
        @Option(names = "--budget", paramLabel = "USD", description = "Budget in USD per period.")
        Double budget;
        @Option(names = "--period", description = "daily, monthly or total (default monthly).")
        String period;
        @Option(names = "--rpm", description = "Requests per minute (0: no limit).")
        Integer rpm;
        @Option(names = "--tpm", description = "Tokens per minute (0: no limit).")
        Integer tpm;
        @Option(names = "--cap-at", paramLabel = "PERCENT:TIER", description = "e.g. 80:medium: once 80 % of the "
                + "budget is spent, route no higher than medium.")
        String capAt;
        @Option(names = "--expires-at", description = "An ISO-8601 instant.")
        String expiresAt;

        String json() {
            ObjectNode n = Json.object();
            putText(n, "name", name);
            putText(n, "team", team);
            putText(n, "user", user);
            putList(n, "tags", tags);
            putList(n, "models", models);
            putList(n, "tiers", tiers);
            putText(n, "max_tier", maxTier);
            if (budget != null) {
                n.put("budget_usd", budget);
            }
            putText(n, "budget_period", period);
            if (rpm != null) {
                n.put("rpm", rpm);
            }
            if (tpm != null) {
                n.put("tpm", tpm);
            }
            if (capAt != null) {
                String[] parts = capAt.split(":", 2);
                ObjectNode cap = n.putObject("cap");
                try {
                    cap.put("percent", Double.parseDouble(parts[0]));
                } catch (NumberFormatException e) {
                    cap.put("percent", parts[0]);
                }
                cap.put("tier", parts.length > 1 ? parts[1] : "");
            }
            putText(n, "expires_at", expiresAt);
            return Json.write(n);
        }

        private static void putText(ObjectNode n, String field, String v) {
            if (v != null) {
                n.put(field, v);
            }
        }

        private static void putList(ObjectNode n, String field, List<String> v) {
            if (v != null) {
                ArrayNode a = n.putArray(field);
                v.forEach(a::add);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a key and prints it once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminClient client;
        @Mixin
        Fields fields;

        @Override
        public Integer call() {
            return client.call("POST", "/admin/keys", Optional.of(fields.json()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        AdminClient client;

        @Override
        public Integer call() {
            return client.call("GET", "/admin/keys", Optional.empty());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one key.")
    static final class Get implements Callable<Integer> {
        @Mixin
        AdminClient client;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return client.call("GET", "/admin/keys/" + enc(id), Optional.empty());
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Changes the given fields of a key.")
    static final class Update implements Callable<Integer> {
        @Mixin
        AdminClient client;
        @Mixin
        Fields fields;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return client.call("PATCH", "/admin/keys/" + enc(id), Optional.of(fields.json()));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a key: refused from the next "
            + "request on.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        AdminClient client;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return client.call("DELETE", "/admin/keys/" + enc(id), Optional.empty());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
