package dev.palisade.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads an audit log for review: every line, records matching an {@link AuditQuery}, one line by
 * sequence number. Reading does not verify: run {@link AuditVerifier} first.
 *
 * <p>Decrypting payloads is not offered here: use {@link AuditLog#reveal}, which records who read
 * what and why before decrypting.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use; each call reads the files afresh.
 */
public final class AuditReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final AuditKeys keys;

  AuditReader(Path dir, AuditKeys keys) {
    this.dir = dir;
    this.keys = keys;
  }

  /** A reader of {@code dir} without keys: no conversation lookups, no payload status. */
  public static AuditReader open(Path dir) {
    return new AuditReader(checkDir(dir), null);
  }

  /** A reader of {@code dir} that can compute pseudonyms and tell erased payloads apart. */
  public static AuditReader open(Path dir, AuditKeys keys) {
    return new AuditReader(checkDir(dir), Objects.requireNonNull(keys, "keys"));
  }

  private static Path checkDir(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new AuditException("not a directory: " + dir);
    }
    return dir;
  }

  /** Calls {@code each} with every complete line of every segment, in order. */
  public void forEach(Consumer<AuditEntry> each) {
    try {
      for (Path seg : LogFormat.segments(dir)) {
        String name = seg.getFileName().toString();
        try (BufferedReader r = Files.newBufferedReader(seg, StandardCharsets.UTF_8)) {
          String l;
          while ((l = r.readLine()) != null) {
            JsonNode n;
            try {
              n = JSON.readTree(l);
            } catch (IOException e) {
              continue; // A torn or damaged line; verification reports it.
            }
            if (n instanceof ObjectNode o) {
              each.accept(new AuditEntry(o, name));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new AuditException("cannot read audit log " + dir, e);
    }
  }

  /** The records that match {@code query}, in order. */
  public List<AuditEntry> query(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    List<AuditEntry> out = new ArrayList<>();
    forEach(e -> {
      if (query.matches(e)) {
        out.add(e);
      }
    });
    return out;
  }

  /** The line with sequence number {@code seq}, of any type. */
  public Optional<AuditEntry> entry(long seq) {
    AuditEntry[] found = new AuditEntry[1];
    try {
      Path seg = segmentOf(seq);
      if (seg == null) {
        return Optional.empty();
      }
      try (BufferedReader r = Files.newBufferedReader(seg, StandardCharsets.UTF_8)) {
        String l;
        while ((l = r.readLine()) != null) {
          JsonNode n;
          try {
            n = JSON.readTree(l);
          } catch (IOException e) {
            continue;
          }
          if (n instanceof ObjectNode o && o.path("seq").asLong(-1) == seq) {
            found[0] = new AuditEntry(o, seg.getFileName().toString());
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new AuditException("cannot read audit log " + dir, e);
    }
    return Optional.ofNullable(found[0]);
  }

  /** The keyed pseudonym of {@code rawId} in {@code domain} ({@code conversation}, {@code tenant}, {@code subject}). */
  public String pseudonym(String domain, String rawId) {
    if (keys == null) {
      throw new AuditException("computing a pseudonym needs the log's keys");
    }
    return keys.pseudonym(domain, rawId);
  }

  /** Whether a record's payload can still be revealed. */
  public enum PayloadStatus {
    /** The record has no payload. */
    NONE,
    /** Ciphertext and key are present. */
    AVAILABLE,
    /** Retention pruning removed the ciphertext; the hash remains. */
    PRUNED,
    /** The subject's key was destroyed (crypto-shredding). */
    ERASED,
    /** Ciphertext present; no keys given to check the subject key. */
    ENCRYPTED
  }

  /** The payload status of record {@code seq}; empty if there is no such record. */
  public Optional<PayloadStatus> payloadStatus(long seq) {
    Optional<AuditEntry> e = entry(seq);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    JsonNode p = e.get().json().path("payload");
    if (p.isMissingNode()) {
      return Optional.of(PayloadStatus.NONE);
    }
    try {
      if (payloadLine(seq, LogFormat.payloadFile(dir.resolve(e.get().segment()))) == null) {
        return Optional.of(PayloadStatus.PRUNED);
      }
    } catch (IOException ex) {
      throw new AuditException("cannot read payloads of " + e.get().segment(), ex);
    }
    if (keys == null) {
      return Optional.of(PayloadStatus.ENCRYPTED);
    }
    AuditKeys.SubjectKey sk = keys.subjectKey(e.get().subject().orElse(""), false);
    return Optional.of(sk != null && sk.kid().equals(p.path("kid").asText())
        ? PayloadStatus.AVAILABLE : PayloadStatus.ERASED);
  }

  /** Decrypts the payload of record {@code seq}; only {@link AuditLog#reveal} calls this. */
  Map<String, String> decrypt(long seq) {
    AuditEntry e = entry(seq).filter(x -> x.type().equals("record"))
        .orElseThrow(() -> new AuditException("no record with seq " + seq + " in " + dir));
    JsonNode p = e.json().path("payload");
    if (p.isMissingNode()) {
      throw new AuditException("record " + seq + " has no payload");
    }
    Path segment = dir.resolve(e.segment());
    try {
      JsonNode pl = payloadLine(seq, LogFormat.payloadFile(segment));
      if (pl == null) {
        throw new AuditException("the payload of record " + seq + " was pruned by retention");
      }
      byte[] ct = AuditKeys.b64(pl.path("ct").asText());
      if (!HexFormat.of().formatHex(AuditCrypto.sha256(ct)).equals(p.path("sha256").asText())) {
        throw new AuditException("the payload of record " + seq + " does not match its hash");
      }
      String subject = e.subject().orElseThrow(
          () -> new AuditException("record " + seq + " names no subject"));
      AuditKeys.SubjectKey sk = keys.subjectKey(subject, false);
      if (sk == null || !sk.kid().equals(p.path("kid").asText())) {
        throw new AuditException("the payload of record " + seq
            + " was erased: its subject key was destroyed");
      }
      JsonNode header = readHeader(segment);
      if (header == null) {
        throw new AuditException("segment " + e.segment() + " has no header");
      }
      String logId = header.path("log").asText();
      long number = header.path("segment").asLong();
      JsonNode dk = header.path("dataKey");
      byte[] dataKey = AuditCrypto.open(keys.kek(dk.path("kek").asInt()),
          AuditKeys.b64(dk.path("nonce").asText()), AuditKeys.b64(dk.path("wrapped").asText()),
          LogFormat.dataKeyAad(logId, number), "the data key of " + e.segment());
      byte[] plain = AuditCrypto.open(LogFormat.payloadKey(sk.key(), dataKey, number),
          LogFormat.payloadNonce(seq), ct, LogFormat.payloadAad(logId, seq, subject),
          "the payload of record " + seq);
      return JSON.readValue(plain, new TypeReference<Map<String, String>>() {});
    } catch (IOException ex) {
      throw new AuditException("cannot read the payload of record " + seq, ex);
    }
  }

  private Path segmentOf(long seq) throws IOException {
    Path found = null;
    for (Path seg : LogFormat.segments(dir)) {
      JsonNode h = readHeader(seg);
      if (h != null && h.path("seq").asLong() <= seq) {
        found = seg;
      }
    }
    return found;
  }

  /** The header line of {@code segment}, or null if it has none. */
  static JsonNode readHeader(Path segment) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
      String l = r.readLine();
      if (l == null) {
        return null;
      }
      JsonNode n = JSON.readTree(l);
      return n.path("type").asText().equals("header") ? n : null;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return null;
    }
  }

  private static JsonNode payloadLine(long seq, Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String l;
      while ((l = r.readLine()) != null) {
        byte[] b = l.getBytes(StandardCharsets.US_ASCII);
        if (payloadSeq(b, 0, b.length) == seq) {
          return JSON.readTree(l);
        }
      }
    }
    return null;
  }

  /** The {@code seq} at the start of a payload line {@code [start, end)}, or -1. */
  static long payloadSeq(byte[] b, int start, int end) {
    byte[] prefix = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    if (end - start <= prefix.length || !LineParser.regionEquals(b, start, prefix)
        || b[end - 1] != '}') {
      return -1;
    }
    long v = 0;
    int p = start + prefix.length;
    int digits = 0;
    while (p < end && b[p] >= '0' && b[p] <= '9' && digits < 18) {
      v = v * 10 + (b[p++] - '0');
      digits++;
    }
    return digits == 0 ? -1 : v;
  }

  @Override
  public String toString() {
    return "AuditReader[" + dir + "]";
  }
}
