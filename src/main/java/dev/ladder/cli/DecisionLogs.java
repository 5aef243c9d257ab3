package dev.ladder.cli;

import dev.ladder.eval.EvalException;
import dev.ladder.store.SqliteDecisionStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens an existing decision log named on the command line: the {@code ladder.db} file or its directory. */
final class DecisionLogs {

    private DecisionLogs() {
    }

    static SqliteDecisionStore open(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(SqliteDecisionStore.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new EvalException(file + ": no such decision log");
        }
        if (!file.getFileName().toString().equals(SqliteDecisionStore.FILE_NAME)) {
            throw new EvalException(file + ": a decision log is a file named " + SqliteDecisionStore.FILE_NAME
                    + " (or give its directory)");
        }
        return SqliteDecisionStore.open(file.toAbsolutePath().getParent());
    }
}
