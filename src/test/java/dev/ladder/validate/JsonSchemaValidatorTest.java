package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.answer;
import static dev.ladder.validate.Exchanges.ask;
import static dev.ladder.validate.Exchanges.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {

    private static final String ORDER_FORMAT = """
            {"response_format": {"type": "json_schema", "json_schema": {"name": "order", "strict": true,
              "schema": {"type": "object", "additionalProperties": false, "required": ["customer", "items"],
                "properties": {
                  "customer": {"type": "string"},
                  "items": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                    "required": ["sku", "price"],
                    "properties": {"sku": {"type": "string"}, "price": {"type": "number", "minimum": 0}}}}}}}}}
            """;
    private static final ChatRequest ORDER = ask("Extract the order from this email: ...", ORDER_FORMAT);
    private static final JsonSchemaValidator VALIDATOR = new JsonSchemaValidator();

    @Test
    void anAnswerMatchingTheRequestedSchemaPasses() {
        Verdict v = VALIDATOR.validate(ORDER, answer("""
                {"customer": "Ada", "items": [{"sku": "A-1", "price": 3.5}, {"sku": "B-2", "price": 0}]}"""));

        assertThat(v).isEqualTo(new Verdict.Pass(1.0, "matches the requested schema"));
    }

    @Test
    void aSchemaErrorNamesTheJsonPathOfTheOffendingValue() {
        Verdict v = VALIDATOR.validate(ORDER, answer("""
                {"customer": "Ada", "items": [{"sku": "A-1", "price": 3.5}, {"sku": "B", "price": 1},
                 {"sku": "C-3", "price": "4.99"}]}"""));

        assertThat(v).isInstanceOf(Verdict.Fail.class);
        Verdict.Fail fail = (Verdict.Fail) v;
        assertThat(fail.reason()).isEqualTo(Reason.SCHEMA);
        assertThat(fail.score()).isZero();
        assertThat(fail.message()).startsWith("your answer was not valid JSON for this schema: $.items[2].price: ")
                .contains("number");
    }

    @Test
    void everyErrorIsListedUpToALimit() {
        Verdict.Fail fail = (Verdict.Fail) VALIDATOR.validate(ORDER, answer("""
                {"customer": 7, "items": [{"sku": 1, "price": -1}], "note": "x"}"""));

        assertThat(fail.message()).contains("$.customer: ").contains("$.items[0].sku: ")
                .contains("$.items[0].price: ").contains("note");
    }

    @Test
    void aMissingRequiredPropertyIsNamed() {
        Verdict.Fail fail = (Verdict.Fail) VALIDATOR.validate(ORDER, answer("{\"customer\": \"Ada\"}"));

        assertThat(fail.message()).contains("items");
    }

    @Test
    void proseIsNotJsonAndTheMessageSaysWhere() {
        Verdict.Fail fail = (Verdict.Fail) VALIDATOR.validate(ORDER,
                answer("Sure! Here is the order: {\"customer\": \"Ada\", \"items\": []}"));

        assertThat(fail.reason()).isEqualTo(Reason.SCHEMA);
        assertThat(fail.message()).startsWith("your answer was not valid JSON: ").contains("line 1, column");
    }

    @Test
    void aFencedAnswerIsUnwrappedOnceAndTheFenceIsNoted() {
        Verdict v = VALIDATOR.validate(ORDER, answer("""
                ```json
                {"customer": "Ada", "items": [{"sku": "A-1", "price": 3.5}]}
                ```
                """));

        assertThat(v).isInstanceOf(Verdict.Pass.class);
        assertThat(((Verdict.Pass) v).score()).isEqualTo(JsonSchemaValidator.FENCED_SCORE);
        assertThat(((Verdict.Pass) v).details()).contains("fence");
    }

    @Test
    void textAroundAFenceIsNotJson() {
        Verdict v = VALIDATOR.validate(ORDER, answer("""
                Here you go:
                ```json
                {"customer": "Ada", "items": []}
                ```"""));

        assertThat(v).isInstanceOf(Verdict.Fail.class);
    }

    @Test
    void aDoubleFenceIsStrippedOnlyOnce() {
        assertThat(JsonAnswer.of("```json\n```json\n{}\n```\n```")).isEqualTo(new JsonAnswer("```json\n{}\n```", true));
        assertThat(JsonAnswer.of("  {\"a\": 1}\n")).isEqualTo(new JsonAnswer("{\"a\": 1}", false));
        assertThat(JsonAnswer.of("```\n[1, 2]\n```")).isEqualTo(new JsonAnswer("[1, 2]", true));
    }

    @Test
    void jsonObjectModeAcceptsAnyObjectButNotAnArray() {
        ChatRequest request = ask("List three colours as JSON", "{\"response_format\": {\"type\": \"json_object\"}}");

        assertThat(VALIDATOR.validate(request, answer("{\"colours\": [\"red\", \"green\", \"blue\"]}")))
                .isInstanceOf(Verdict.Pass.class);
        assertThat(VALIDATOR.validate(request, answer("[\"red\", \"green\", \"blue\"]")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message()).contains("not a JSON object"));
    }

    @Test
    void anEmptyAnswerToAJsonRequestFailsTheSchema() {
        ChatRequest request = ask("List three colours as JSON", "{\"response_format\": {\"type\": \"json_object\"}}");

        assertThat(VALIDATOR.validate(request, answer("  ")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.SCHEMA));
    }

    @Test
    void aRequestThatAskedForNoJsonIsNotApplicable() {
        assertThat(VALIDATOR.validate(ask("Tell me a joke"), answer("Why did the chicken ...")))
                .isInstanceOf(Verdict.NotApplicable.class);
        assertThat(VALIDATOR.validate(ask("Tell me a joke", "{\"response_format\": {\"type\": \"text\"}}"),
                answer("Why did the chicken ..."))).isInstanceOf(Verdict.NotApplicable.class);
    }

    @Test
    void theRoutesSchemaAppliesWhenTheRequestNamesNone() {
        JsonSchemaValidator configured = new JsonSchemaValidator(json("""
                {"type": "object", "required": ["label"], "properties": {"label": {"enum": ["spam", "ham"]}}}"""));

        assertThat(configured.validate(ask("Classify: WIN A PRIZE"), answer("{\"label\": \"spam\"}")))
                .isEqualTo(new Verdict.Pass(1.0, "matches the route's schema"));
        assertThat(configured.validate(ask("Classify: WIN A PRIZE"), answer("{\"label\": \"eggs\"}")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message()).contains("$.label"));
    }

    @Test
    void theRequestsSchemaWinsOverTheRoutesSchema() {
        JsonSchemaValidator configured = new JsonSchemaValidator(json("{\"type\": \"array\"}"));

        assertThat(configured.validate(ORDER, answer("{\"customer\": \"Ada\", \"items\": []}")))
                .isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void aDraft7SchemaIsReadAsDraft7() {
        ChatRequest request = ask("Give a pair", """
                {"response_format": {"type": "json_schema", "json_schema": {"name": "pair", "schema":
                  {"$schema": "http://json-schema.org/draft-07/schema#", "type": "array",
                   "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false}}}}""");

        assertThat(VALIDATOR.validate(request, answer("[\"a\", 1]"))).isInstanceOf(Verdict.Pass.class);
        assertThat(VALIDATOR.validate(request, answer("[\"a\", \"b\"]"))).isInstanceOf(Verdict.Fail.class);
        assertThat(VALIDATOR.validate(request, answer("[\"a\", 1, 2]"))).isInstanceOf(Verdict.Fail.class);
    }

    @Test
    void aRemoteReferenceIsNeverFetchedAndOnlyTheSyntaxIsChecked() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            ChatRequest request = ask("x", """
                    {"response_format": {"type": "json_schema", "json_schema": {"name": "r", "schema":
                      {"$ref": "http://127.0.0.1:%d/schema.json"}}}}""".formatted(server.getLocalPort()));

            Verdict valid = VALIDATOR.validate(request, answer("{\"a\": 1}"));
            Verdict invalid = VALIDATOR.validate(request, answer("{a: 1}"));

            assertThat(valid).isInstanceOfSatisfying(Verdict.Pass.class,
                    p -> assertThat(p.details()).contains("schema is unusable").contains("only JSON syntax"));
            assertThat(invalid).isInstanceOf(Verdict.Fail.class);
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anUnusableConfiguredSchemaIsRejectedWhenBuilt() {
        assertThatThrownBy(() -> new JsonSchemaValidator(json("[1, 2]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON Schema");
    }
}
