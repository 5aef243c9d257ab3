package dev.ladder.cli;

import dev.ladder.classify.Classifier;
import dev.ladder.config.LadderConfig;
import dev.ladder.eval.Audit;
import dev.ladder.eval.AuditReport;
import dev.ladder.eval.TrafficLog;
import dev.ladder.pipeline.DecisionStore;
import dev.ladder.wire.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The 'cheapest viable model' audit of a traffic log: classifies each request, prices it at "
                + "its tier's model and compares with every request on the frontier model, overall and per feature "
                + "tag. See docs/eval.md for the JSONL shape."})
final class AuditCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--log", paramLabel = "FILE.jsonl", description = "OpenAI request bodies, one per line (or wrappers with feature and usage).")
        Path log;

        @Option(names = "--db", paramLabel = "PATH", description = "A decision log (ladder.db or its directory); classifies the prompt previews.")
        Path db;
    }

    @Option(names = "--config", paramLabel = "FILE", description = "Tiers and prices (default: the demo config).")
    Path config;

    @Option(names = "--router", paramLabel = "NAME|MODEL_FILE", defaultValue = "heuristic",
            description = "heuristic (what the gateway routes with, with the config's weights; the default), trained "
                    + "(the shipped model) or a model file.")
    String router;

    @Option(names = "--completion-tokens", paramLabel = "N", defaultValue = "300",
            description = "Completion tokens of a logged request without usage or max_tokens (default ${DEFAULT-VALUE}).")
    int completionTokens;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write tiers.png and report.html here.")
    Path out;

    @Option(names = "--json", description = "Print the audit as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LadderConfig cfg = Configs.load(config);
        Classifier classifier = Routing.classifier(router, cfg);
        TrafficLog log;
        if (source.log != null) {
            log = TrafficLog.fromJsonl(source.log, completionTokens);
        } else {
            try (DecisionStore store = DecisionLogs.open(source.db)) {
                log = TrafficLog.fromDecisions(store.recent(Integer.MAX_VALUE), source.db.toString());
            }
        }
        Audit.Result result = Audit.run(log, classifier, t -> cfg.tierModels(t).getFirst(), cfg.baselineModel());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Json.write(AuditReport.json(result, router)));
        } else {
            stdout.print(AuditReport.table(result, log, router));
        }
        if (out != null) {
            AuditReport.write(out, result, log, router);
            if (!json) {
                stdout.println("wrote " + out.resolve(AuditReport.CHART) + " and " + out.resolve(AuditReport.REPORT));
            }
        }
        stdout.flush();
        return 0;
    }
}
