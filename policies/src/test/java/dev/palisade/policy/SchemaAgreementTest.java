package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.Decision;
import dev.palisade.policy.Node.ListNode;
import dev.palisade.policy.Node.MapNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The JSON Schema, the loader and the repository's copy of the schema agree. */
class SchemaAgreementTest {

  @Test
  void theRepositoryCopyOfTheSchemaIsIdenticalToTheBundledOne() throws IOException {
    Path repoCopy = repoRoot().resolve("schema/policy.schema.json");
    try (var in = Schema.class.getResourceAsStream(Schema.RESOURCE)) {
      assertThat(Files.readString(repoCopy))
          .as("schema/policy.schema.json must be a copy of policies/src/main/resources%s; run: cp policies/src/main/resources%s schema/",
              Schema.RESOURCE, Schema.RESOURCE)
          .isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void theSchemaUsesOnlyKeywordsTheValidatorImplements() {
    Set<String> used = new TreeSet<>();
    keywords(Schema.get().root(), used, false);
    assertThat(Schema.KEYWORDS).containsAll(used);
  }

  @Test
  void theKitchenSinkUsesEveryKeyOfTheSchema() throws IOException {
    Path file = TestPolicies.resource("good/kitchen-sink.yaml");
    Problems problems = new Problems();
    Node tree = TreeReader.read(Files.readAllBytes(file), "kitchen-sink.yaml", false, problems);
    Set<String> inFile = new TreeSet<>();
    treePaths(tree, Schema.get().root(), "", inFile);
    Set<String> inSchema = new TreeSet<>();
    schemaPaths(Schema.get().root(), "", inSchema);
    assertThat(inFile).containsAll(inSchema);
  }

  @Test
  void theLoaderReadsEveryKeyTheSchemaAllows() {
    // Obj.done() throws if a key the schema let through is ignored; the kitchen sink has them all.
    Policy p = TestPolicies.LOADER.load(TestPolicies.resource("good/kitchen-sink.yaml"));
    assertThat(p.id()).isEqualTo("kitchen-sink");
    assertThat(p.version()).isEqualTo("2026.11");
    assertThat(p.canaryIds()).containsExactly("c1", "c2", "c3");
    assertThat(p.keys()).containsOnlyKeys("vault", "signer", "ring");
    assertThat(p.keys().get("vault").source()).isEqualTo(KeyRef.Source.ENV);
    assertThat(p.audit().payloads()).isEqualTo(AuditSettings.PayloadCapture.ENCRYPTED);
    assertThat(p.audit().retention()).contains(java.time.Duration.ofDays(400));
    assertThat(p.onBlock().refusal()).contains("Sorry, I cannot help with that.");
    assertThat(p.streamingWindow()).isEqualTo(256);
    assertThat(p.tenants()).containsOnlyKeys("acme");
    assertThat(p.rules()).extracting(PolicyRule::id).containsExactly("size", "emails", "hashed", "lists.deny");
    assertThat(p.skippedRules()).containsExactly("later");
    PolicyRule emails = p.rules().get(1);
    assertThat(emails.mode()).isEqualTo(Policy.Mode.MONITOR);
    assertThat(emails.operator(dev.palisade.detect.EntityType.EMAIL_ADDRESS))
        .isEqualTo(new AnonymizeOperator(AnonymizeOperator.Type.MASK, 1, 4, java.util.Optional.empty()));
    assertThat(emails.timeout()).contains(java.time.Duration.ofMillis(250));
    assertThat(p.rules().get(0).minScore()).isEqualTo(0.9);
    assertThat(p.rules().get(0).options()).containsEntry("maxChars", 1000L);
    assertThat(p.tests()).singleElement().satisfies(t -> assertThat(t.decision()).contains(Decision.MONITOR));
    assertThat(p.runTests().allPassed()).as(p.runTests().format()).isTrue();
  }

  private static void keywords(JsonNode s, Set<String> used, boolean isPropertyMap) {
    if (!s.isObject()) {
      if (s.isArray()) {
        s.forEach(n -> keywords(n, used, false));
      }
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!isPropertyMap) {
        used.add(e.getKey());
      }
      boolean children = e.getKey().equals("properties") || e.getKey().equals("$defs");
      if (!e.getKey().equals("enum") && !e.getKey().equals("required")) {
        keywords(e.getValue(), used, !isPropertyMap && children);
      }
    }
  }

  /** Every key path the schema defines: {@code rules[].operators{}.keepFirst}. */
  static void schemaPaths(JsonNode schema, String prefix, Set<String> out) {
    JsonNode s = Schema.get().resolve(schema);
    if (s.has("oneOf")) {
      s.get("oneOf").forEach(b -> schemaPaths(b, prefix, out));
      return;
    }
    if (s.has("properties")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = prefix + "." + e.getKey();
        out.add(p);
        schemaPaths(e.getValue(), p, out);
      }
    }
    if (s.has("additionalProperties") && s.get("additionalProperties").isObject()) {
      schemaPaths(s.get("additionalProperties"), prefix + "{}", out);
    }
    if (s.has("items")) {
      schemaPaths(s.get("items"), prefix + "[]", out);
    }
  }

  static void treePaths(Node node, JsonNode schema, String prefix, Set<String> out) {
    JsonNode s = Schema.get().resolve(schema);
    if (s.has("oneOf")) {
      for (JsonNode b : s.get("oneOf")) {
        JsonNode r = Schema.get().resolve(b);
        if (Schema.typeMatches(r.has("type") ? r.get("type").asText() : "string", node)) {
          treePaths(node, r, prefix, out);
          return;
        }
      }
      return;
    }
    if (node instanceof MapNode m) {
      m.fields().forEach((k, f) -> {
        JsonNode ps = s.has("properties") ? s.get("properties").get(k) : null;
        if (ps != null) {
          out.add(prefix + "." + k);
          treePaths(f.value(), ps, prefix + "." + k, out);
        } else if (s.has("additionalProperties") && s.get("additionalProperties").isObject()) {
          treePaths(f.value(), s.get("additionalProperties"), prefix + "{}", out);
        }
      });
    } else if (node instanceof ListNode l && s.has("items")) {
      l.items().forEach(i -> treePaths(i, s.get("items"), prefix + "[]", out));
    }
  }

  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("schema")) ) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
