package dev.ladder.providers.simulated;

import dev.ladder.model.ChatRequest;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what a simulated model says: the canned text, an echo of the last user message, or the answer
 * recorded in a replay file. Each replay table loads once, on its first use, and stays cached per
 * (file, prompt column, answer column); a file that fails to load is retried on the next call.
 */
final class AnswerSource {

    static final String ECHO_PREFIX = "You said: ";

    private static final System.Logger LOG = System.getLogger(AnswerSource.class.getName());

    private final ConcurrentHashMap<Key, ReplayTable> tables = new ConcurrentHashMap<>();

    String text(Answer answer, ChatRequest request) {
        return switch (answer.mode()) {
            case CANNED -> answer.text();
            case ECHO -> echo(request);
            case REPLAY -> table(answer).answerFor(request.lastUserText())
                    .orElseGet(() -> answer.text().isEmpty() ? echo(request) : answer.text());
        };
    }

    private static String echo(ChatRequest request) {
        return ECHO_PREFIX + request.lastUserText();
    }

    private ReplayTable table(Answer answer) {
        Key key = new Key(answer.file().orElseThrow().toAbsolutePath().normalize(), answer.promptColumn(),
                answer.column());
        return tables.computeIfAbsent(key, AnswerSource::load);
    }

    private static ReplayTable load(Key key) {
        try {
            ReplayTable table = ReplayTable.load(key.file(), key.promptColumn(), key.answerColumn());
            LOG.log(Level.INFO, "simulator: loaded " + table.size() + " replay rows from " + key.file()
                    + " (answers: '" + key.answerColumn() + "')");
            return table;
        } catch (IOException e) {
            throw new ReplayUnavailableException("replay file unavailable: " + e.getMessage(), e);
        }
    }

    private record Key(Path file, String promptColumn, String answerColumn) {
    }
}
