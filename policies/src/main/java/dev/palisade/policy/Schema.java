package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.policy.Node.Field;
import dev.palisade.policy.Node.ListNode;
import dev.palisade.policy.Node.MapNode;
import dev.palisade.policy.Node.ScalarNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The policy JSON Schema ({@code policy.schema.json}) and a validator for the subset of JSON
 * Schema it uses.
 *
 * <p>The loader checks every file's structure with this schema before reading it, so the schema
 * that editors use and the loader cannot disagree about what is allowed. Supported keywords:
 * {@code type, enum, properties, required, additionalProperties, propertyNames, minProperties,
 * items, minItems, maxItems, uniqueItems, minimum, maximum, minLength, maxLength, pattern, $ref
 * (local), oneOf}. Any other keyword in the schema fails the schema's own test.
 */
final class Schema {

  static final String RESOURCE = "/dev/palisade/policy/policy.schema.json";

  static final Set<String> KEYWORDS = Set.of("$schema", "$id", "$ref", "$defs", "title", "description",
      "type", "enum", "properties", "required", "additionalProperties", "propertyNames", "minProperties",
      "items", "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "minLength", "maxLength",
      "pattern", "oneOf", "default");

  private static final Schema INSTANCE = new Schema(loadJson());

  private final JsonNode root;

  private Schema(JsonNode root) {
    this.root = root;
  }

  static Schema get() {
    return INSTANCE;
  }

  JsonNode root() {
    return root;
  }

  static JsonNode loadJson() {
    try (InputStream in = Schema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a problem for each way {@code doc} breaks the schema. */
  void validate(Node doc, Problems problems) {
    check(root, doc, "", problems);
  }

  /** The schema at {@code #/$defs/name}, or the node itself if it is not a reference. */
  JsonNode resolve(JsonNode s) {
    while (s.has("$ref")) {
      String ref = s.get("$ref").asText();
      if (!ref.startsWith("#/$defs/")) {
        throw new IllegalStateException("unsupported $ref " + ref);
      }
      s = root.get("$defs").get(ref.substring("#/$defs/".length()));
    }
    return s;
  }

  private void check(JsonNode schema, Node node, String path, Problems problems) {
    JsonNode s = resolve(schema);
    if (s.has("oneOf")) {
      oneOf(s.get("oneOf"), node, path, problems);
      return;
    }
    JsonNode type = s.get("type");
    if (type != null && !typeMatches(type.asText(), node)) {
      problems.add(node, path, "expected " + describeType(type.asText()) + ", found " + node.kind());
      return;
    }
    if (s.has("enum")) {
      enumCheck(s.get("enum"), node, path, problems);
      return;
    }
    if (node instanceof MapNode m) {
      object(s, m, path, problems);
    } else if (node instanceof ListNode l) {
      array(s, l, path, problems);
    } else if (node instanceof ScalarNode v) {
      scalar(s, v, path, problems);
    }
  }

  private void oneOf(JsonNode branches, Node node, String path, Problems problems) {
    // Choose by type, so the message is about the branch the author meant.
    List<JsonNode> fitting = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    for (JsonNode b : branches) {
      JsonNode r = resolve(b);
      String t = r.has("type") ? r.get("type").asText() : "string";
      kinds.add(r.has("enum") ? "one of " + enumList(r.get("enum")) : describeType(t));
      if (typeMatches(t, node)) {
        fitting.add(r);
      }
    }
    if (fitting.isEmpty()) {
      problems.add(node, path, "expected " + String.join(" or ", kinds) + ", found " + node.kind());
      return;
    }
    Problems first = null;
    for (JsonNode b : fitting) {
      Problems trial = new Problems();
      check(b, node, path, trial);
      if (trial.isEmpty()) {
        return;
      }
      if (first == null) {
        first = trial;
      }
    }
    problems.addAll(first.list());
  }

  private void object(JsonNode s, MapNode m, String path, Problems problems) {
    JsonNode props = s.get("properties");
    JsonNode additional = s.get("additionalProperties");
    JsonNode names = s.get("propertyNames");
    for (Field f : m.fields().values()) {
      String childPath = join(path, f.key());
      if (names != null) {
        check(names, new ScalarNode(f.keyLocation(), f.key()), childPath, problems);
      }
      JsonNode ps = props == null ? null : props.get(f.key());
      if (ps != null) {
        check(ps, f.value(), childPath, problems);
      } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
        problems.add(f.keyLocation(), path, unknownKey(f.key(), props));
      } else if (additional != null && additional.isObject()) {
        check(additional, f.value(), childPath, problems);
      }
    }
    if (s.has("required")) {
      for (JsonNode r : s.get("required")) {
        if (!m.fields().containsKey(r.asText())) {
          problems.add(m, path, "missing required key \"" + r.asText() + "\"");
        }
      }
    }
    if (s.has("minProperties") && m.fields().size() < s.get("minProperties").asInt()) {
      problems.add(m, path, "needs at least " + s.get("minProperties").asInt() + " of: "
          + fieldList(props));
    }
  }

  private void array(JsonNode s, ListNode l, String path, Problems problems) {
    int n = l.items().size();
    if (s.has("minItems") && n < s.get("minItems").asInt()) {
      problems.add(l, path, "needs at least " + s.get("minItems").asInt() + " item(s)");
    }
    if (s.has("maxItems") && n > s.get("maxItems").asInt()) {
      problems.add(l, path, "has " + n + " items; at most " + s.get("maxItems").asInt() + " are allowed");
    }
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Node item = l.items().get(i);
      if (s.has("items")) {
        check(s.get("items"), item, path + "[" + i + "]", problems);
      }
      if (s.path("uniqueItems").asBoolean() && item instanceof ScalarNode v && !seen.add(v.value())) {
        problems.add(item, path + "[" + i + "]", "repeats an earlier item");
      }
    }
  }

  private void scalar(JsonNode s, ScalarNode v, String path, Problems problems) {
    if (v.value() instanceof String str) {
      int len = str.codePointCount(0, str.length());
      if (s.has("minLength") && len < s.get("minLength").asInt()) {
        problems.add(v, path, s.get("minLength").asInt() == 1 ? "must not be empty"
            : "must be at least " + s.get("minLength").asInt() + " characters long");
      }
      if (s.has("maxLength") && len > s.get("maxLength").asInt()) {
        problems.add(v, path, "must be at most " + s.get("maxLength").asInt() + " characters long");
      }
      if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(str).find()) {
        problems.add(v, path, "\"" + TreeReader.clip(str) + "\" does not match " + s.get("pattern").asText()
            + (s.has("description") ? " (" + s.get("description").asText() + ")" : ""));
      }
    } else if (v.isNumber()) {
      double d = v.asDouble();
      if (s.has("minimum") && d < s.get("minimum").asDouble()) {
        problems.add(v, path, "must be at least " + s.get("minimum").asText() + ", was " + v.value());
      }
      if (s.has("maximum") && d > s.get("maximum").asDouble()) {
        problems.add(v, path, "must be at most " + s.get("maximum").asText() + ", was " + v.value());
      }
    }
  }

  private static void enumCheck(JsonNode values, Node node, String path, Problems problems) {
    if (node instanceof ScalarNode v && v.value() instanceof String str) {
      for (JsonNode e : values) {
        if (e.asText().equals(str)) {
          return;
        }
      }
      problems.add(node, path, "\"" + TreeReader.clip(str) + "\" is not allowed; allowed values: " + enumList(values));
    } else {
      problems.add(node, path, "expected one of " + enumList(values) + ", found " + node.kind());
    }
  }

  static String enumList(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return String.join(", ", out);
  }

  private static String fieldList(JsonNode props) {
    List<String> out = new ArrayList<>();
    if (props != null) {
      props.fieldNames().forEachRemaining(out::add);
    }
    return String.join(", ", out);
  }

  private static String unknownKey(String key, JsonNode props) {
    StringBuilder sb = new StringBuilder("unknown key \"").append(TreeReader.clip(key)).append('"');
    String best = null;
    int bestDistance = 3;
    if (props != null) {
      for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
        String candidate = it.next();
        int d = distance(key.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate;
        }
      }
    }
    if (best != null) {
      sb.append(" (did you mean \"").append(best).append("\"?)");
    }
    return sb.append("; allowed keys: ").append(fieldList(props)).toString();
  }

  /** Levenshtein distance, for "did you mean". Keys are short. */
  static int distance(String a, String b) {
    if (a.length() > 64 || b.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static boolean typeMatches(String type, Node node) {
    return switch (type) {
      case "object" -> node instanceof MapNode;
      case "array" -> node instanceof ListNode;
      case "string" -> node instanceof ScalarNode v && v.isString();
      case "integer" -> node instanceof ScalarNode v && (v.isInteger()
          || v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && !Double.isInfinite(v.asDouble()));
      case "number" -> node instanceof ScalarNode v && v.isNumber() && Double.isFinite(v.asDouble());
      case "boolean" -> node instanceof ScalarNode v && v.value() instanceof Boolean;
      default -> throw new IllegalStateException("unsupported type " + type);
    };
  }

  static String describeType(String type) {
    return switch (type) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      default -> type;
    };
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
