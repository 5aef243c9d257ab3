package dev.ladder.cli;

import dev.ladder.eval.EvalException;
import dev.ladder.store.JdbcDecisionStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens an existing decision log named on the command line: the {@code ladder.db} file or its directory. */
final class DecisionLogs {

    private DecisionLogs() {
    }

    static JdbcDecisionStore open(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(JdbcDecisionStore.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new EvalException(file + ": no such decision log");
        }
        if (!file.getFileName().toString().equals(JdbcDecisionStore.FILE_NAME)) {
            throw new EvalException(file + ": a decision log is a file named " + JdbcDecisionStore.FILE_NAME
                    + " (or give its directory)");
        }
        return JdbcDecisionStore.open(file.toAbsolutePath().getParent());
    }
}
