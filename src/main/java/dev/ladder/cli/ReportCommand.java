package dev.ladder.cli;

import dev.ladder.eval.DecisionReport;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionStore;
import dev.ladder.wire.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Spend, savings against the all-frontier baseline, tier mix, escalation and cache hit rates, "
                + "latency and top features and models for a period of the decision log. See docs/decision-log.md."})
final class ReportCommand implements Callable<Integer> {

    /** Rows read at most; a longer period reports its newest rows and says so. */
    static final int MAX_ROWS = 2_000_000;
    private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(m|h|d|w)");

    @Option(names = "--db", paramLabel = "PATH", required = true,
            description = "The decision log: ladder.db or its directory (the gateway's data_dir).")
    Path db;

    @Option(names = "--since", paramLabel = "TIME", description = "Start of the period, inclusive: an ISO-8601 "
            + "instant (2026-12-05T08:00:00Z) or a date (2026-12-05, midnight UTC).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "End of the period, exclusive (default: now).")
    String until;

    @Option(names = "--last", paramLabel = "SPAN", description = "The period that ends at --until: 30m, 24h, 7d, "
            + "2w (default 24h when --since is not given).")
    String last;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (since != null && last != null) {
            throw new ParameterException(spec.commandLine(), "give --since or --last, not both");
        }
        Instant to = until == null ? Instant.now() : instant("--until", until);
        Instant from = since != null ? instant("--since", since) : to.minus(span(last == null ? "24h" : last));
        if (!from.isBefore(to)) {
            throw new ParameterException(spec.commandLine(), "the period is empty: " + from + " is not before " + to);
        }
        List<DecisionRow> rows;
        try (DecisionStore store = DecisionLogs.open(db)) {
            rows = store.between(from, to, MAX_ROWS);
        }
        if (rows.size() == MAX_ROWS) {
            spec.commandLine().getErr().println("ladder: the period holds more than " + MAX_ROWS
                    + " requests; this report covers the newest " + MAX_ROWS);
        }
        DecisionReport report = DecisionReport.of(from, to, rows);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.write(report.json()) + "\n" : report.table());
        out.flush();
        return 0;
    }

    private Instant instant(String option, String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + ": expected an ISO-8601 instant like "
                    + "2026-12-05T08:00:00Z or a date like 2026-12-05, got '" + text + "'");
        }
    }

    private Duration span(String text) {
        Matcher m = SPAN.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ParameterException(spec.commandLine(), "--last: expected a span like 30m, 24h, 7d or 2w, got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
