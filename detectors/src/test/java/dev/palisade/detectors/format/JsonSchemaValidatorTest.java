package dev.palisade.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.palisade.detectors.format.JsonSchemaValidator.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {

  private static final JsonSchema PERSON = JsonSchema.builder().name("Person").rootElement(
      JsonObjectSchema.builder()
          .addStringProperty("name")
          .addIntegerProperty("age")
          .addProperty("score", new JsonNumberSchema())
          .addBooleanProperty("active")
          .addProperty("role", JsonEnumSchema.builder().enumValues("admin", "user").build())
          .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
          .addProperty("manager", JsonAnyOfSchema.builder()
              .anyOf(JsonReferenceSchema.builder().reference("person").build(), new JsonNullSchema()).build())
          .required("name", "age")
          .additionalProperties(false)
          .definitions(Map.of("person", JsonObjectSchema.builder()
              .addStringProperty("name")
              .addProperty("manager", JsonAnyOfSchema.builder()
                  .anyOf(JsonReferenceSchema.builder().reference("person").build(), new JsonNullSchema()).build())
              .required("name").build()))
          .build()).build();

  private static final JsonSchemaValidator V = JsonSchemaValidator.of(PERSON);

  @Test
  void acceptsAValidAnswerAlsoInACodeFence() {
    String ok = "{\"name\":\"Ann\",\"age\":41,\"score\":3.5,\"active\":true,\"role\":\"admin\","
        + "\"tags\":[\"a\",\"b\"],\"manager\":{\"name\":\"Bo\",\"manager\":{\"name\":\"Cy\",\"manager\":null}}}";
    assertThat(V.validate(ok)).isEmpty();
    assertThat(V.isValid("```json\n" + ok + "\n```")).isTrue();
    assertThat(V.validate("{\"name\":\"Ann\",\"age\":41.0}")).isEmpty();
  }

  @Test
  void reportsPathsAndReasonsWithoutValues() {
    String bad = "{\"name\":\"Zed Secretname\",\"age\":\"forty\",\"score\":\"hi\",\"active\":1,"
        + "\"role\":\"root-of-all\",\"tags\":[\"a\",7],\"manager\":{\"manager\":5},\"ssn-of-zed\":\"123\"}";
    var problems = V.validate(bad);
    assertThat(problems).containsExactlyInAnyOrder(
        new Problem("$.age", "expected integer, was string"),
        new Problem("$.score", "expected number, was string"),
        new Problem("$.active", "expected boolean, was integer"),
        new Problem("$.role", "value is not one of the 2 allowed enum values"),
        new Problem("$.tags[1]", "expected string, was integer"),
        new Problem("$.manager", "matches none of the 2 anyOf alternatives"),
        new Problem("$", "has a property the schema does not allow (additionalProperties is false)"));
    assertThat(problems.toString()).doesNotContain("Zed", "forty", "root-of-all", "ssn", "123");
  }

  @Test
  void reportsMissingRequiredAndWrongRoot() {
    assertThat(V.validate("{\"name\":\"A\"}")).containsExactly(new Problem("$.age", "required property is missing"));
    assertThat(V.validate("[1,2]")).containsExactly(new Problem("$", "expected object, was array"));
  }

  @Test
  void reportsInvalidJsonByPositionOnly() {
    assertThat(V.validate("{\"name\": \"hunter2\", ")).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("$");
      assertThat(p.reason()).startsWith("not valid JSON at line 1").doesNotContain("hunter2");
    });
    assertThat(V.validate("{\"name\":\"a\",\"age\":1} trailing secret")).singleElement()
        .satisfies(p -> assertThat(p.reason()).doesNotContain("secret"));
    assertThat(V.validate("{\"name\":\"a\",\"name\":\"b\",\"age\":1}")).singleElement()
        .satisfies(p -> assertThat(p.reason()).startsWith("duplicate property"));
    assertThat(V.validate("   ")).containsExactly(new Problem("$", "empty answer, expected JSON"));
  }

  @Test
  void scalarRootsAndRawSchemas() {
    assertThat(JsonSchemaValidator.of(new JsonBooleanSchema()).validate("true")).isEmpty();
    assertThat(JsonSchemaValidator.of(new JsonIntegerSchema()).validate("1.5"))
        .containsExactly(new Problem("$", "expected integer, was number"));
    assertThat(JsonSchemaValidator.of(JsonRawSchema.from("{\"type\":\"string\"}")).validate("{}")).isEmpty();
    assertThat(JsonSchemaValidator.of(JsonReferenceSchema.builder().reference("nope").build()).validate("{}"))
        .containsExactly(new Problem("$", "schema reference \"nope\" is not defined"));
  }

  @Test
  void deepRecursionIsBounded() {
    String deep = "{\"name\":\"a\",\"age\":1,\"manager\":" + "{\"name\":\"x\",\"manager\":".repeat(300)
        + "null" + "}".repeat(300) + "}";
    assertThat(V.validate(deep)).isNotEmpty().allSatisfy(p -> assertThat(p.reason()).doesNotContain("x\""));
  }
}
