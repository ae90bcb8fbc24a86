package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code docs/POLICY-REFERENCE.md} from the policy JSON Schema and the detector registry,
 * so that the reference cannot drift from what the loader accepts.
 *
 * <p>Regenerate with {@code java -cp ... dev.palisade.policy.PolicyReference docs/POLICY-REFERENCE.md},
 * or run {@code PolicyReferenceTest} with {@code -Dpalisade.regenerate=true}.
 */
public final class PolicyReference {

  private final Schema schema = Schema.get();
  private final StringBuilder md = new StringBuilder();
  private final Set<String> done = new HashSet<>();
  private final List<Runnable> pending = new ArrayList<>();

  private PolicyReference() {}

  /** The reference as Markdown. */
  public static String render() {
    return new PolicyReference().build();
  }

  /** Writes the reference to the file named by the first argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PolicyReference OUTPUT.md");
      System.exit(2);
    }
    Files.writeString(Path.of(args[0]), render(), StandardCharsets.UTF_8);
  }

  private String build() {
    JsonNode root = schema.root();
    md.append("# Policy file reference\n\n")
        .append("<!-- Generated from policies/src/main/resources").append(Schema.RESOURCE)
        .append(" by dev.palisade.policy.PolicyReference; do not edit. Regenerate:\n")
        .append("     mvn -q -o -pl policies -am test -Dtest=PolicyReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dpalisade.regenerate=true -->\n\n")
        .append(root.path("description").asText()).append("\n\n")
        .append("A policy is a YAML or JSON file. Unknown keys are errors. `palisade policy validate FILE` reports every ")
        .append("problem as `FILE:LINE:COL: path: message`. The JSON Schema is `schema/policy.schema.json` ")
        .append("(also in the jar at `").append(Schema.RESOURCE).append("`): point your editor at it with ")
        .append("`$schema` or a `# yaml-language-server: $schema=...` comment.\n\n")
        .append("Durations are a whole number and a unit: `ms`, `s`, `m`, `h`, `d` (`250ms`, `30d`).\n\n");
    section("Top level", "", root);
    while (!pending.isEmpty()) {
      pending.remove(0).run();
    }
    detectors();
    return md.toString();
  }

  private void section(String title, String path, JsonNode s) {
    md.append("## ").append(title).append("\n\n");
    if (s.has("description") && !path.isEmpty()) {
      md.append(s.get("description").asText()).append("\n\n");
    }
    if (s.has("required")) {
      List<String> req = new ArrayList<>();
      s.get("required").forEach(r -> req.add("`" + r.asText() + "`"));
      md.append("Required: ").append(String.join(", ", req)).append(".\n\n");
    }
    md.append("| key | value | meaning |\n|---|---|---|\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode raw = e.getValue();
      JsonNode r = schema.resolve(raw);
      String meaning = raw.has("description") ? raw.get("description").asText() : r.path("description").asText();
      md.append("| `").append(e.getKey()).append("` | ").append(type(raw, childPath)).append(" | ")
          .append(meaning.replace("|", "\\|")).append(" |\n");
    }
    md.append('\n');
  }

  /** A short description of the value a schema allows; queues sections for nested objects. */
  private String type(JsonNode raw, String path) {
    JsonNode s = schema.resolve(raw);
    String refName = raw.has("$ref") ? raw.get("$ref").asText().substring("#/$defs/".length()) : null;
    if (s.has("oneOf")) {
      List<String> parts = new ArrayList<>();
      s.get("oneOf").forEach(b -> parts.add(type(b, path)));
      return String.join(" or ", parts);
    }
    if (s.has("enum")) {
      List<String> vals = new ArrayList<>();
      s.get("enum").forEach(v -> vals.add("`" + v.asText() + "`"));
      return "one of " + String.join(", ", vals);
    }
    String t = s.path("type").asText();
    switch (t) {
      case "array" -> {
        String item = type(s.get("items"), path + "[]");
        return "list of " + item + bounds(s, "minItems", "maxItems", " items");
      }
      case "object" -> {
        if (s.has("properties")) {
          String title = refName != null ? refName : path;
          if (done.add(title)) {
            pending.add(() -> section("`" + title + "`", path, s));
          }
          return "[" + title + "](#" + anchor(title) + ")";
        }
        if (s.has("additionalProperties") && s.get("additionalProperties").isObject()) {
          String key = s.has("propertyNames") ? type(s.get("propertyNames"), path) : "string";
          return "map from " + key + " to " + type(s.get("additionalProperties"), path + "{}");
        }
        return "mapping";
      }
      case "string" -> {
        String out = "string";
        if (s.has("pattern")) {
          out += " matching `" + s.get("pattern").asText().replace("|", "\\|") + "`";
        }
        return out + bounds(s, "minLength", "maxLength", " characters");
      }
      case "integer", "number" -> {
        return (t.equals("integer") ? "whole number" : "number") + bounds(s, "minimum", "maximum", "");
      }
      case "boolean" -> {
        return "`true` or `false`";
      }
      default -> {
        return t;
      }
    }
  }

  private static String bounds(JsonNode s, String min, String max, String unit) {
    if (s.has(min) && s.has(max)) {
      return " (" + s.get(min).asText() + " to " + s.get(max).asText() + unit + ")";
    } else if (s.has(min)) {
      return " (at least " + s.get(min).asText() + unit + ")";
    } else if (s.has(max)) {
      return " (at most " + s.get(max).asText() + unit + ")";
    }
    return "";
  }

  private static String anchor(String title) {
    return title.toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  private void detectors() {
    DetectorRegistry registry = DetectorRegistry.standard();
    md.append("## Detectors\n\n")
        .append("The names a rule's `detector` can take. A rule that names no `channels` or `action` gets the ")
        .append("detector's. A detector missing from a build fails validation, unless the rule is `optional`.\n\n")
        .append("| detector | finds | channels | action | options |\n|---|---|---|---|---|\n");
    for (String name : registry.names()) {
      DetectorType t = registry.type(name).orElseThrow();
      List<String> channels = new ArrayList<>();
      t.channels().stream().sorted().forEach(c -> channels.add(c.id()));
      List<String> options = new ArrayList<>(t.options());
      options.sort(null);
      md.append("| `").append(name).append("` | ").append(t.description()).append(" | ")
          .append(String.join(", ", channels)).append(" | ").append(t.action().name().toLowerCase()).append(" | ")
          .append(options.isEmpty() ? "none" : "`" + String.join("`, `", options) + "`").append(" |\n");
    }
    md.append('\n');
  }
}
