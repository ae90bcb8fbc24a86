package dev.palisade.detectors.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validator of model answers against the LangChain4j {@link JsonSchema} of a request's JSON
 * response format.
 *
 * <p>Supports object (properties, {@code required}, {@code additionalProperties: false}), string,
 * integer, number, boolean, array ({@code items}), enum, anyOf, null and reference schemas
 * ({@code $ref} to the root object's definitions, recursion allowed). A raw schema
 * ({@link JsonRawSchema}) is not interpreted: only JSON well-formedness is checked. An answer
 * wrapped in one markdown code fence ({@code ```json ... ```}) is unwrapped first, since models
 * often add it.
 *
 * <p>Problems name a JSON path ({@code $.items[2].name}) and a reason built from the schema and the
 * JSON types only: never a value from the answer.
 *
 * <h2>Thread safety</h2>
 * Immutable; one instance serves all threads.
 */
public final class JsonSchemaValidator {

  /** One way the answer does not fit the schema. */
  public record Problem(String path, String reason) {
    public Problem {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private static final int MAX_DEPTH = 200;
  private static final Pattern FENCE =
      Pattern.compile("(?s)\\A\\s*```[A-Za-z0-9_-]{0,20}[ \\t]*\\r?\\n(.*?)\\r?\\n?```\\s*\\z");
  private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private final JsonSchemaElement root;
  private final Map<String, JsonSchemaElement> definitions;

  private JsonSchemaValidator(JsonSchemaElement root) {
    this.root = root;
    Map<String, JsonSchemaElement> defs = new HashMap<>();
    collectDefinitions(root, defs, new HashSet<>());
    this.definitions = Map.copyOf(defs);
  }

  /** A validator for {@code schema}. */
  public static JsonSchemaValidator of(JsonSchema schema) {
    Objects.requireNonNull(schema, "schema");
    return new JsonSchemaValidator(Objects.requireNonNull(schema.rootElement(), "schema.rootElement"));
  }

  /** A validator for one schema element (the root of the answer). */
  public static JsonSchemaValidator of(JsonSchemaElement root) {
    return new JsonSchemaValidator(Objects.requireNonNull(root, "root"));
  }

  private static void collectDefinitions(JsonSchemaElement e, Map<String, JsonSchemaElement> defs,
      Set<JsonSchemaElement> seen) {
    if (e == null || !seen.add(e)) {
      return;
    }
    if (e instanceof JsonObjectSchema o) {
      if (o.definitions() != null) {
        for (var d : o.definitions().entrySet()) {
          defs.putIfAbsent(d.getKey(), d.getValue());
          collectDefinitions(d.getValue(), defs, seen);
        }
      }
      if (o.properties() != null) {
        o.properties().values().forEach(p -> collectDefinitions(p, defs, seen));
      }
    } else if (e instanceof JsonArraySchema a) {
      collectDefinitions(a.items(), defs, seen);
    } else if (e instanceof JsonAnyOfSchema any) {
      any.anyOf().forEach(x -> collectDefinitions(x, defs, seen));
    }
  }

  /** True when {@code answer} is valid. */
  public boolean isValid(String answer) {
    return validate(answer).isEmpty();
  }

  /** Validates {@code answer}; an empty list means it fits the schema. */
  public List<Problem> validate(String answer) {
    Objects.requireNonNull(answer, "answer");
    var fence = FENCE.matcher(answer);
    String json = fence.matches() ? fence.group(1) : answer;
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
          ? "duplicate property" : "not valid JSON";
      return List.of(new Problem("$", why + where));
    } catch (RuntimeException e) {
      return List.of(new Problem("$", "not valid JSON"));
    }
    if (node == null || node.isMissingNode()) {
      return List.of(new Problem("$", "empty answer, expected JSON"));
    }
    if (root instanceof JsonRawSchema) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    check(root, node, "$", problems, 0);
    return problems;
  }

  private void check(JsonSchemaElement schema, JsonNode node, String path, List<Problem> out, int depth) {
    if (depth > MAX_DEPTH) {
      out.add(new Problem(path, "nested deeper than " + MAX_DEPTH + " levels"));
      return;
    }
    if (schema instanceof JsonReferenceSchema ref) {
      JsonSchemaElement target = resolve(ref.reference());
      if (target == null) {
        out.add(new Problem(path, "schema reference \"" + ref.reference() + "\" is not defined"));
      } else {
        check(target, node, path, out, depth + 1);
      }
    } else if (schema instanceof JsonObjectSchema o) {
      checkObject(o, node, path, out, depth);
    } else if (schema instanceof JsonArraySchema a) {
      if (!node.isArray()) {
        out.add(mismatch(path, "array", node));
        return;
      }
      if (a.items() != null) {
        for (int i = 0; i < node.size(); i++) {
          check(a.items(), node.get(i), path + "[" + i + "]", out, depth + 1);
        }
      }
    } else if (schema instanceof JsonStringSchema) {
      if (!node.isTextual()) {
        out.add(mismatch(path, "string", node));
      }
    } else if (schema instanceof JsonIntegerSchema) {
      if (!(node.isIntegralNumber() || node.isNumber() && node.canConvertToExactIntegral())) {
        out.add(mismatch(path, "integer", node));
      }
    } else if (schema instanceof JsonNumberSchema) {
      if (!node.isNumber()) {
        out.add(mismatch(path, "number", node));
      }
    } else if (schema instanceof JsonBooleanSchema) {
      if (!node.isBoolean()) {
        out.add(mismatch(path, "boolean", node));
      }
    } else if (schema instanceof JsonNullSchema) {
      if (!node.isNull()) {
        out.add(mismatch(path, "null", node));
      }
    } else if (schema instanceof JsonEnumSchema e) {
      if (!node.isTextual()) {
        out.add(mismatch(path, "string (enum)", node));
      } else if (!e.enumValues().contains(node.textValue())) {
        out.add(new Problem(path, "value is not one of the " + e.enumValues().size() + " allowed enum values"));
      }
    } else if (schema instanceof JsonAnyOfSchema any) {
      for (JsonSchemaElement alt : any.anyOf()) {
        List<Problem> trial = new ArrayList<>();
        check(alt, node, path, trial, depth + 1);
        if (trial.isEmpty()) {
          return;
        }
      }
      out.add(new Problem(path, "matches none of the " + any.anyOf().size() + " anyOf alternatives"));
    }
    // JsonRawSchema inside a schema, or an element type this version does not know: accepted.
  }

  private void checkObject(JsonObjectSchema o, JsonNode node, String path, List<Problem> out, int depth) {
    if (!node.isObject()) {
      out.add(mismatch(path, "object", node));
      return;
    }
    Map<String, JsonSchemaElement> props = o.properties() == null ? Map.of() : o.properties();
    if (o.required() != null) {
      for (String name : o.required()) {
        if (!node.has(name)) {
          out.add(new Problem(child(path, name), "required property is missing"));
        }
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonSchemaElement ps = props.get(field.getKey());
      if (ps != null) {
        check(ps, field.getValue(), child(path, field.getKey()), out, depth + 1);
      } else if (Boolean.FALSE.equals(o.additionalProperties())) {
        out.add(new Problem(path, "has a property the schema does not allow (additionalProperties is false)"));
      }
    }
  }

  private JsonSchemaElement resolve(String reference) {
    if (reference == null) {
      return null;
    }
    String name = reference;
    for (String prefix : List.of("#/$defs/", "#/definitions/")) {
      if (name.startsWith(prefix)) {
        name = name.substring(prefix.length());
      }
    }
    return definitions.get(name);
  }

  // Property names come from the schema when known; unknown names are never echoed.
  private static String child(String path, String name) {
    return SIMPLE_NAME.matcher(name).matches() ? path + "." + name
        : path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  private static Problem mismatch(String path, String expected, JsonNode node) {
    return new Problem(path, "expected " + expected + ", was " + typeOf(node));
  }

  private static String typeOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
      case OBJECT, POJO -> "object";
      case STRING -> "string";
      case BINARY -> "binary";
      case MISSING -> "missing";
    };
  }

  @Override
  public String toString() {
    return "JsonSchemaValidator[" + root.getClass().getSimpleName() + "]";
  }
}
