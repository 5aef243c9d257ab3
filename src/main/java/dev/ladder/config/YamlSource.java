package dev.ladder.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns YAML text into a Jackson tree. Syntax errors become a {@link ConfigException} that gives the line and
 * column and the parser's complaint, but never the offending source line: it might hold a secret.
 */
final class YamlSource {

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build());

    private YamlSource() {
    }

    /** The single document in {@code yaml}; a {@link MissingNode} when it is empty or only comments. */
    static JsonNode read(String yaml) {
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            JsonNode first = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ConfigException(new ConfigError("", "YAML holds more than one document (the second starts"
                        + " at line " + parser.currentTokenLocation().getLineNr() + "); put the whole configuration"
                        + " in one"));
            }
            return first == null ? MissingNode.getInstance() : first;
        } catch (JsonProcessingException e) {
            throw new ConfigException(new ConfigError("", syntaxError(e)));
        } catch (IOException e) {
            throw new ConfigException(new ConfigError("", "cannot read YAML: " + e.getMessage()));
        }
    }

    private static String syntaxError(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                Mark mark = y.getProblemMark();
                String problem = y.getContext() == null ? y.getProblem() : y.getContext() + ": " + y.getProblem();
                return at(mark.getLine() + 1, mark.getColumn() + 1) + problem;
            }
        }
        JsonLocation loc = e.getLocation();
        return (loc == null ? "YAML syntax error: " : at(loc.getLineNr(), loc.getColumnNr())) + e.getOriginalMessage();
    }

    private static String at(int line, int column) {
        return "YAML syntax error at line " + line + ", column " + column + ": ";
    }
}
