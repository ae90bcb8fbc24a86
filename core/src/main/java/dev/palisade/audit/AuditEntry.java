package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of an audit log as a reviewer sees it: a record, a segment header or a checkpoint.
 *
 * <p>Holds only what the log holds: pseudonyms, metadata and the payload's hash, never the
 * payload. {@link #redacted()} drops the hash-chain fields and shows the payload as present or not.
 * Immutable.
 */
public final class AuditEntry {
  private final ObjectNode json;
  private final String segment;

  AuditEntry(ObjectNode json, String segment) {
    this.json = json;
    this.segment = segment;
  }

  public long seq() {
    return json.path("seq").asLong();
  }

  /** {@code record}, {@code header} or {@code checkpoint}. */
  public String type() {
    return json.path("type").asText();
  }

  /** The record kind ({@code CALL}, {@code REVEAL}, ...), or empty for other line types. */
  public Optional<String> kind() {
    return text("kind");
  }

  public Optional<Instant> time() {
    return text("time").or(() -> text("created")).map(Instant::parse);
  }

  public Optional<String> decision() {
    return text("decision");
  }

  public Optional<String> policyId() {
    return json.path("policy").path("id").isTextual()
        ? Optional.of(json.path("policy").path("id").asText()) : Optional.empty();
  }

  /** The conversation pseudonym. */
  public Optional<String> conversation() {
    return text("conversation");
  }

  /** The tenant pseudonym. */
  public Optional<String> tenant() {
    return text("tenant");
  }

  /** The subject pseudonym. */
  public Optional<String> subject() {
    return text("subject");
  }

  /** Entity types of the findings, in order (repeats kept). */
  public List<String> findingTypes() {
    List<String> out = new ArrayList<>();
    for (JsonNode f : json.path("findings")) {
      out.add(f.path("type").asText());
    }
    return out;
  }

  /** The actions monitor mode kept rules from taking ({@code BLOCK}, {@code REDACT}, ...), in order. */
  public List<String> monitoredActions() {
    List<String> out = new ArrayList<>();
    json.path("monitored").forEach(a -> out.add(a.asText()));
    return out;
  }

  public boolean hasPayload() {
    return json.has("payload");
  }

  /** The segment file the line is in. */
  public String segment() {
    return segment;
  }

  /** The whole line as written (a copy). */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /**
   * The line for review output: without {@code prev}, {@code lh} and signature fields, the payload
   * shown as {@code "encrypted"}.
   */
  public ObjectNode redacted() {
    ObjectNode r = json.deepCopy();
    r.remove("prev");
    r.remove("lh");
    r.remove("sig");
    r.remove("frontier");
    r.remove("dataKey");
    if (r.has("payload")) {
      r.put("payload", "encrypted");
    }
    return r;
  }

  private Optional<String> text(String field) {
    JsonNode n = json.get(field);
    return n != null && n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
  }

  @Override
  public String toString() {
    return "AuditEntry[seq=" + seq() + ", type=" + type() + kind().map(k -> ", kind=" + k).orElse("")
        + "]";
  }
}
