package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The tamper-evident, encrypted audit log: an {@link AuditSink} that writes records as JSON lines
 * to rotating segment files, hash-chained, in an RFC 9162 Merkle tree, with Ed25519-signed
 * checkpoints.
 *
 * <pre>{@code
 * AuditKeys keys = AuditKeys.fromEnvironment(Path.of("/etc/palisade/audit-keys"));
 * try (AuditLog log = AuditLog.builder().directory(Path.of("/var/log/palisade")).keys(keys).build()) {
 *   log.append(record);
 * }
 * }</pre>
 *
 * <h2>Writing</h2>
 * {@link #append} puts the record on a bounded queue and returns; one writer thread assigns
 * sequence numbers, encodes, encrypts payloads and writes batches, then forces them to disk once
 * per batch (group fsync). {@link #flush()} waits until everything appended so far is on disk. When
 * the queue is full, {@link WhenFull#BLOCK} makes the caller wait and {@link WhenFull#FAIL} throws
 * {@link AuditException} so the guarded call fails closed. Records are never dropped silently: if
 * the writer fails, every later call throws.
 *
 * <h2>Integrity</h2>
 * Every line carries the hash of its own bytes and of the line before. A checkpoint signs the tree
 * size and root every {@code checkpointEvery} records or {@code checkpointInterval}, at rotation
 * and at {@link #close()}. Each segment's header repeats the tree root at its start. Opening a log
 * whose last writer crashed cuts the torn tail off (recording its length and hash) and writes a
 * {@link AuditRecord.Kind#RECOVERY} record, so the gap is visible, never silent. Opening a log
 * whose newest segment does not verify fails: nothing is ever appended to a damaged log.
 *
 * <h2>Encryption</h2>
 * Each segment has a fresh AES-256 data key wrapped by the primary key-encryption key. A payload
 * is encrypted with AES-256-GCM under a key derived from the data key and the subject's own key,
 * with the log id, sequence number and subject bound as associated data.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use; one instance per directory (a lock file enforces it across processes).
 */
public final class AuditLog implements AuditSink {

  /** What {@link #append} does when the queue is full. */
  public enum WhenFull {
    /** Wait for room. */
    BLOCK,
    /** Throw {@link AuditException}: the guarded call fails closed. */
    FAIL
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCK_FILE = ".writer.lock";

  private final Path dir;
  private final AuditKeys keys;
  private final Clock clock;
  private final int checkpointEvery;
  private final long checkpointIntervalNanos;
  private final long segmentMaxBytes;
  private final Duration segmentMaxAge;
  private final WhenFull whenFull;
  private final int batchSize;
  private final BlockingQueue<Object> queue;
  private final Thread writer;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final java.util.concurrent.locks.ReentrantReadWriteLock gate =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private volatile boolean closed;
  private volatile Throwable failure;

  // Writer state: touched by the constructor, then only by the writer thread.
  private final JsonLine line = new JsonLine();
  private final MessageDigest digest = AuditCrypto.newSha256();
  private final Map<String, byte[]> payloadKeys = new HashMap<>();
  private final Map<String, String> pseudonyms = new HashMap<>();
  private String logId;
  private MerkleTree tree;
  private byte[] prevLh;
  private long nextSeq;
  private long segmentNumber;
  private Path segmentPath;
  private FileChannel segmentChannel;
  private FileChannel payloadChannel;
  private long segmentBytes;
  private Instant segmentCreated;
  private byte[] dataKey;
  private long sinceCheckpoint;
  private long lastCheckpointNanos;
  private byte[] segBuf = new byte[1 << 16];
  private int segLen;
  private byte[] payBuf = new byte[1 << 12];
  private int payLen;

  private record Flush(CompletableFuture<Void> done) {}

  private record Rotate() {}

  private record Close(CompletableFuture<Void> done) {}

  private AuditLog(Builder b) {
    this.dir = b.directory;
    this.keys = b.keys;
    this.clock = b.clock;
    this.checkpointEvery = b.checkpointEvery;
    this.checkpointIntervalNanos = b.checkpointInterval.toNanos();
    this.segmentMaxBytes = b.segmentMaxBytes;
    this.segmentMaxAge = b.segmentMaxAge;
    this.whenFull = b.whenFull;
    this.batchSize = b.batchSize;
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    try {
      Files.createDirectories(dir);
      lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        lockChannel.close();
        throw new AuditException("another writer holds the audit log " + dir
            + "; stop it first (one writer per directory)");
      }
      lock = l;
      try {
        resume();
      } catch (IOException | RuntimeException e) {
        closeQuietly();
        throw e;
      }
    } catch (IOException e) {
      throw new AuditException("cannot open audit log " + dir + ": " + e.getMessage(), e);
    }
    writer = new Thread(this::run, "palisade-audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** A builder; {@link Builder#directory} and {@link Builder#keys} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Opens (creating or resuming) the log in {@code directory} with default settings. */
  public static AuditLog open(Path directory, AuditKeys keys) {
    return builder().directory(directory).keys(keys).build();
  }

  // ---- public API ------------------------------------------------------------------------------

  @Override
  public void append(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    // Held while queueing so close() cannot slip its Close marker in between the check and the
    // put, which would leave this record behind the writer's last read of the queue.
    gate.readLock().lock();
    try {
      checkUsable();
      enqueue(record);
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  public void flush() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    gate.readLock().lock();
    try {
      checkUsable();
      enqueueControl(new Flush(done));
    } finally {
      gate.readLock().unlock();
    }
    await(done);
  }

  /**
   * Decrypts the payload of record {@code seq} for review by {@code actor} for {@code reason}. A
   * {@link AuditRecord.Kind#REVEAL} record naming both is made durable before anything is
   * decrypted, whether or not decryption then succeeds.
   *
   * @throws AuditException if there is no such record or payload, or it was pruned or erased
   */
  public Map<String, String> reveal(long seq, String actor, String reason) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    if (actor.isBlank() || reason.isBlank()) {
      throw new IllegalArgumentException("a reveal needs a non-blank actor and reason");
    }
    append(AuditRecord.builder().kind(AuditRecord.Kind.REVEAL)
        .detail("target", Long.toString(seq)).detail("actor", actor).detail("reason", reason)
        .build());
    flush();
    return new AuditReader(dir, keys).decrypt(seq);
  }

  /**
   * Destroys the key of {@code subjectId} (crypto-shredding) and records an
   * {@link AuditRecord.Kind#ERASURE}. The log still verifies; that subject's payloads are
   * unreadable from now on.
   *
   * @return false if the subject had no key
   */
  public boolean forget(String subjectId, String actor, String reason) {
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    checkUsable();
    boolean destroyed = keys.forget(subjectId);
    append(AuditRecord.builder().kind(AuditRecord.Kind.ERASURE).subjectId(subjectId)
        .detail("scope", "subject").detail("keyDestroyed", Boolean.toString(destroyed))
        .detail("actor", actor).detail("reason", reason).build());
    flush();
    return destroyed;
  }

  /**
   * Retention: deletes the payload files of closed segments that ended before {@code before} and
   * records an {@link AuditRecord.Kind#ERASURE}. Hashes stay, so the log still verifies.
   *
   * @return the numbers of the segments whose payloads were dropped
   */
  public List<Long> prunePayloads(Instant before, String actor) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(actor, "actor");
    checkUsable();
    List<Long> pruned = new ArrayList<>();
    try {
      List<Path> segments = LogFormat.segments(dir);
      // A segment ends where the next one starts; the newest one is still open.
      for (int i = 0; i + 1 < segments.size(); i++) {
        Path next = segments.get(i + 1);
        JsonNode header = AuditReader.readHeader(next);
        if (header == null || Instant.parse(header.path("created").asText()).isAfter(before)) {
          continue;
        }
        Path payloads = LogFormat.payloadFile(segments.get(i));
        if (Files.deleteIfExists(payloads)) {
          pruned.add(LogFormat.segmentNumber(segments.get(i)));
        }
      }
    } catch (IOException e) {
      throw new AuditException("cannot prune payloads in " + dir, e);
    }
    StringBuilder list = new StringBuilder();
    for (Long n : pruned) {
      list.append(list.length() == 0 ? "" : ",").append(n);
    }
    append(AuditRecord.builder().kind(AuditRecord.Kind.ERASURE).detail("scope", "retention")
        .detail("before", before.toString()).detail("segments", list.toString())
        .detail("actor", actor).build());
    flush();
    return pruned;
  }

  /**
   * Adds a new key-encryption key, makes it primary, records a {@link AuditRecord.Kind#KEY_ROTATION}
   * and starts a new segment whose data key it wraps. Old keys stay for reading old segments.
   *
   * @return the new key id
   */
  public int rotateKey(String actor) {
    Objects.requireNonNull(actor, "actor");
    checkUsable();
    int id = keys.rotateKek();
    append(AuditRecord.builder().kind(AuditRecord.Kind.KEY_ROTATION)
        .detail("kek", Integer.toString(id)).detail("actor", actor).build());
    enqueueControl(new Rotate());
    flush();
    return id;
  }

  /** The directory this log writes to. */
  public Path directory() {
    return dir;
  }

  /** Writes a closing checkpoint, forces everything to disk and stops the writer. Idempotent. */
  @Override
  public void close() {
    gate.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    if (failure != null) {
      throw writerFailed();
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    enqueueControl(new Close(done));
    await(done);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "AuditLog[" + dir + ", " + (closed ? "closed" : failure != null ? "failed" : "open") + "]";
  }

  // ---- queue -----------------------------------------------------------------------------------

  private void checkUsable() {
    if (failure != null) {
      throw writerFailed();
    }
    if (closed) {
      throw new AuditException("audit log " + dir + " is closed");
    }
  }

  private AuditException writerFailed() {
    return new AuditException("audit log writer for " + dir + " failed; records after the last"
        + " flush may be missing and no more are accepted: " + failure.getMessage(), failure);
  }

  private void enqueue(Object item) {
    if (whenFull == WhenFull.FAIL) {
      if (!queue.offer(item)) {
        throw new AuditException("audit queue is full (" + (queue.size() + queue.remainingCapacity())
            + " records); failing the call closed");
      }
    } else {
      putBlocking(item);
    }
    if (failure != null) {
      // The writer died while we queued: nobody will write this record.
      throw writerFailed();
    }
  }

  /** Control items always wait for room, whatever the policy: they carry no caller's record. */
  private void enqueueControl(Object item) {
    putBlocking(item);
    if (failure != null) {
      throw writerFailed();
    }
  }

  private void putBlocking(Object item) {
    try {
      while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        if (failure != null) {
          throw writerFailed();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while waiting for room in the audit queue");
    }
  }

  private void await(CompletableFuture<Void> done) {
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while waiting for the audit log to flush");
    } catch (ExecutionException e) {
      throw writerFailed();
    }
  }

  // ---- writer thread ---------------------------------------------------------------------------

  private void run() {
    List<Object> batch = new ArrayList<>(batchSize);
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    try {
      while (true) {
        long wait = sinceCheckpoint == 0 ? checkpointIntervalNanos
            : checkpointIntervalNanos - (System.nanoTime() - lastCheckpointNanos);
        Object first = queue.poll(Math.max(wait, 1), TimeUnit.NANOSECONDS);
        Close close = null;
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, batchSize - 1);
          for (Object item : batch) {
            if (item instanceof AuditRecord r) {
              writeRecord(r);
            } else if (item instanceof Flush f) {
              waiting.add(f.done());
            } else if (item instanceof Rotate) {
              rotate();
            } else if (item instanceof Close c) {
              close = c;
            }
          }
          batch.clear();
        }
        if (close != null) {
          // Appends that raced with close() are still written, before the closing checkpoint.
          Object late;
          while ((late = queue.poll()) != null) {
            if (late instanceof AuditRecord r) {
              writeRecord(r);
            } else if (late instanceof Flush f) {
              waiting.add(f.done());
            }
          }
          checkpoint("closing");
        } else if (sinceCheckpoint > 0
            && System.nanoTime() - lastCheckpointNanos >= checkpointIntervalNanos) {
          checkpoint("periodic");
        }
        writeBuffers();
        for (CompletableFuture<Void> f : waiting) {
          f.complete(null);
        }
        waiting.clear();
        if (close != null) {
          closeQuietly();
          close.done().complete(null);
          return;
        }
      }
    } catch (Throwable t) {
      failure = t;
      closed = true;
      for (CompletableFuture<Void> f : waiting) {
        f.completeExceptionally(t);
      }
      for (Object item : batch) {
        failControl(item, t);
      }
      Object item;
      while ((item = queue.poll()) != null) {
        failControl(item, t);
      }
      closeQuietly();
    }
  }

  private static void failControl(Object item, Throwable t) {
    if (item instanceof Flush f) {
      f.done().completeExceptionally(t);
    } else if (item instanceof Close c) {
      c.done().completeExceptionally(t);
    }
  }

  private void writeRecord(AuditRecord r) throws IOException {
    if (segmentBytes + segLen >= segmentMaxBytes
        || !clock.instant().isBefore(segmentCreated.plus(segmentMaxAge))) {
      rotate();
    }
    long seq = nextSeq;
    JsonLine l = line.begin(seq, prevLh, "record");
    l.field("kind", r.kind().name());
    l.field("time", r.time().orElseGet(clock::instant).toString());
    r.tenantId().ifPresent(v -> l.field("tenant", pseudonym("tenant", v)));
    r.conversationId().ifPresent(v -> l.field("conversation", pseudonym("conversation", v)));
    String subject = r.subjectId().map(v -> pseudonym("subject", v)).orElse(null);
    if (subject != null) {
      l.field("subject", subject);
    }
    r.policy().ifPresent(p -> l.beginObject("policy").field("id", p.id())
        .field("version", p.version()).field("sha256", p.sha256()).endObject());
    r.decision().ifPresent(d -> l.field("decision", d));
    if (!r.actions().isEmpty()) {
      l.beginObject("actions");
      r.actions().forEach(l::field);
      l.endObject();
    }
    if (!r.monitored().isEmpty()) {
      l.beginObject("monitored");
      r.monitored().forEach(l::field);
      l.endObject();
    }
    if (!r.findings().isEmpty()) {
      l.beginArray("findings");
      for (AuditRecord.FindingEntry f : r.findings()) {
        l.beginElement().field("type", f.type()).field("start", f.start()).field("end", f.end())
            .field("detector", f.detector()).field("score", f.score())
            .field("channel", f.channel()).field("message", f.message()).endObject();
      }
      l.endArray();
    }
    if (!r.latencyNanos().isEmpty()) {
      l.beginObject("latencyNanos");
      r.latencyNanos().forEach((k, v) -> l.field(k, (long) v));
      l.endObject();
    }
    r.provider().ifPresent(v -> l.field("provider", v));
    r.model().ifPresent(v -> l.field("model", v));
    if (r.inputTokens().isPresent()) {
      l.beginObject("tokens").field("input", r.inputTokens().getAsLong())
          .field("output", r.outputTokens().getAsLong()).endObject();
    }
    if (!r.details().isEmpty()) {
      l.beginObject("details");
      r.details().forEach(l::field);
      l.endObject();
    }
    if (!r.payload().isEmpty()) {
      AuditKeys.SubjectKey sk = keys.subjectKey(subject, true);
      byte[] key = payloadKeys.computeIfAbsent(sk.kid(),
          kid -> LogFormat.payloadKey(sk.key(), dataKey, segmentNumber));
      byte[] nonce = LogFormat.payloadNonce(seq);
      byte[] ct = AuditCrypto.seal(key, nonce, JSON.writeValueAsBytes(r.payload()),
          LogFormat.payloadAad(logId, seq, subject));
      String payloadLine = "{\"seq\":" + seq + ",\"subject\":\"" + subject + "\",\"kid\":\""
          + sk.kid() + "\",\"nonce\":\"" + AuditKeys.b64(nonce) + "\",\"ct\":\""
          + AuditKeys.b64(ct) + "\"}\n";
      byte[] pl = payloadLine.getBytes(StandardCharsets.US_ASCII);
      ensurePay(pl.length);
      System.arraycopy(pl, 0, payBuf, payLen, pl.length);
      payLen += pl.length;
      l.beginObject("payload").field("kid", sk.kid())
          .field("sha256", HexFormat.of().formatHex(AuditCrypto.sha256(ct)))
          .field("bytes", ct.length).endObject();
    }
    emit(l);
    sinceCheckpoint++;
    if (sinceCheckpoint >= checkpointEvery) {
      checkpoint("periodic");
    }
  }

  /** Pseudonyms of recently seen ids: the same tenants and conversations recur in every batch. */
  private String pseudonym(String domain, String raw) {
    String key = domain + '\u0000' + raw;
    String p = pseudonyms.get(key);
    if (p == null) {
      if (pseudonyms.size() >= 8_192) {
        pseudonyms.clear();
      }
      p = keys.pseudonym(domain, raw);
      pseudonyms.put(key, p);
    }
    return p;
  }

  private void checkpoint(String flag) {
    String root = Base64.getEncoder().encodeToString(tree.root());
    long size = tree.size();
    String time = clock.instant().toString();
    byte[] sig = AuditCrypto.sign(keys.signingSeed(),
        LogFormat.checkpointNote(logId, size, root, time, flag));
    emit(line.begin(nextSeq, prevLh, "checkpoint").field("log", logId).field("size", size)
        .field("root", root).field("time", time).field("flag", flag)
        .field("sig", AuditKeys.b64(sig)));
    sinceCheckpoint = 0;
    lastCheckpointNanos = System.nanoTime();
  }

  private void rotate() throws IOException {
    checkpoint("rotation");
    writeBuffers();
    segmentChannel.close();
    payloadChannel.close();
    openSegment(segmentNumber + 1);
  }

  private void openSegment(long number) throws IOException {
    segmentNumber = number;
    segmentPath = dir.resolve(LogFormat.segmentName(number));
    segmentChannel = FileChannel.open(segmentPath, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    payloadChannel = FileChannel.open(LogFormat.payloadFile(segmentPath), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    segmentBytes = 0;
    segmentCreated = clock.instant();
    dataKey = AuditCrypto.random(AuditCrypto.KEY_BYTES);
    payloadKeys.clear();
    int kekId = keys.primaryKekId();
    byte[] nonce = AuditCrypto.random(AuditCrypto.NONCE_BYTES);
    byte[] wrapped = AuditCrypto.seal(keys.kek(kekId), nonce, dataKey,
        LogFormat.dataKeyAad(logId, number));
    JsonLine l = line.begin(nextSeq, prevLh, "header").field("format", LogFormat.FORMAT)
        .field("log", logId).field("segment", number).field("created", segmentCreated.toString())
        .field("treeSize", tree.size()).field("treeRoot", AuditKeys.b64(tree.root()));
    l.beginArray("frontier");
    for (byte[] h : tree.frontier()) {
      l.element(AuditKeys.b64(h));
    }
    l.endArray();
    l.field("signer", AuditKeys.b64(keys.publicKeyBytes()));
    l.beginObject("dataKey").field("kek", kekId).field("nonce", AuditKeys.b64(nonce))
        .field("wrapped", AuditKeys.b64(wrapped)).endObject();
    emit(l);
    // The new file's directory entry must survive a crash too.
    forceDirectory();
  }

  private void emit(JsonLine l) {
    byte[] lh = l.finish(digest);
    int n = l.length();
    if (segLen + n > segBuf.length) {
      segBuf = java.util.Arrays.copyOf(segBuf, Math.max(segBuf.length * 2, segLen + n));
    }
    System.arraycopy(l.buffer(), 0, segBuf, segLen, n);
    segLen += n;
    tree.append(lh);
    prevLh = lh;
    nextSeq++;
  }

  private void ensurePay(int n) {
    if (payLen + n > payBuf.length) {
      payBuf = java.util.Arrays.copyOf(payBuf, Math.max(payBuf.length * 2, payLen + n));
    }
  }

  /** Payloads first, so a record on disk always has its payload on disk. */
  private void writeBuffers() throws IOException {
    if (payLen > 0) {
      writeFully(payloadChannel, payBuf, payLen);
      payloadChannel.force(false);
      payLen = 0;
    }
    if (segLen > 0) {
      writeFully(segmentChannel, segBuf, segLen);
      segmentChannel.force(false);
      segmentBytes += segLen;
      segLen = 0;
    }
  }

  private static void writeFully(FileChannel ch, byte[] b, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
  }

  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Some platforms cannot open directories; the segment's own fsync still applies.
    }
  }

  private void closeQuietly() {
    for (AutoCloseableIo c : new AutoCloseableIo[] {
        () -> { if (segmentChannel != null) segmentChannel.close(); },
        () -> { if (payloadChannel != null) payloadChannel.close(); },
        () -> { if (lock != null) lock.release(); },
        () -> { if (lockChannel != null) lockChannel.close(); }}) {
      try {
        c.close();
      } catch (IOException | RuntimeException ignored) {
        // Best effort: we are already closing or failing.
      }
    }
  }

  private interface AutoCloseableIo {
    void close() throws IOException;
  }

  // ---- opening and crash recovery --------------------------------------------------------------

  private void resume() throws IOException {
    List<Path> segments = LogFormat.segments(dir);
    Map<String, String> recovery = new java.util.LinkedHashMap<>();
    SegmentScan scan = null;
    while (!segments.isEmpty()) {
      Path last = segments.get(segments.size() - 1);
      scan = SegmentScan.of(last, LineParser::new);
      if (scan.bad != null) {
        throw new AuditException("refusing to write: " + last.getFileName() + " fails verification at"
            + " seq " + scan.bad + "; run `palisade audit verify " + dir + "`");
      }
      if (scan.headerSeq >= 0) {
        break;
      }
      // A crash while a segment was being created left no complete header: remove that file.
      recovery.put("removedSegment", last.getFileName().toString());
      recovery.put("removedBytes", Long.toString(scan.tornBytes));
      recovery.put("removedSha256", scan.tornSha256);
      Files.delete(last);
      Files.deleteIfExists(LogFormat.payloadFile(last));
      segments.remove(segments.size() - 1);
      scan = null;
    }
    if (scan == null) {
      logId = Base64.getUrlEncoder().withoutPadding().encodeToString(AuditCrypto.random(16));
      tree = new MerkleTree();
      prevLh = LogFormat.GENESIS;
      nextSeq = 0;
      openSegment(1);
    } else {
      logId = scan.logId;
      tree = scan.tree;
      prevLh = scan.lastLh;
      nextSeq = scan.nextSeq;
      if (scan.tornBytes > 0) {
        recovery.put("segment", scan.file.getFileName().toString());
        recovery.put("tornBytes", Long.toString(scan.tornBytes));
        recovery.put("tornSha256", scan.tornSha256);
        try (FileChannel ch = FileChannel.open(scan.file, StandardOpenOption.WRITE)) {
          ch.truncate(scan.goodBytes);
          ch.force(true);
        }
      }
      truncatePayloads(LogFormat.payloadFile(scan.file), nextSeq);
      if (!scan.closedCleanly) {
        recovery.putIfAbsent("segment", scan.file.getFileName().toString());
      }
      // A resumed log always starts a new segment: closed segments are never appended to.
      openSegment(LogFormat.segmentNumber(scan.file) + 1);
    }
    if (!recovery.isEmpty()) {
      AuditRecord.Builder b = AuditRecord.builder().kind(AuditRecord.Kind.RECOVERY)
          .detail("reason", "the previous writer did not shut down cleanly")
          .detail("lastSeq", Long.toString(scan == null ? -1 : scan.nextSeq - 1));
      recovery.forEach(b::detail);
      writeRecord(b.build());
      checkpoint("periodic");
    }
    lastCheckpointNanos = System.nanoTime();
    writeBuffers();
  }

  private static void truncatePayloads(Path file, long nextSeq) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] b = Files.readAllBytes(file);
    int good = 0;
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n') {
        long seq = AuditReader.payloadSeq(b, start, i);
        if (seq < 0 || seq >= nextSeq) {
          break;
        }
        good = i + 1;
        start = i + 1;
      }
    }
    if (good < b.length) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(good);
        ch.force(true);
      }
    }
  }

  /** What the writer needs to know about the newest segment before resuming. */
  static final class SegmentScan {
    Path file;
    String logId;
    long headerSeq = -1;
    MerkleTree tree;
    byte[] lastLh;
    long nextSeq;
    long goodBytes;
    long tornBytes;
    String tornSha256;
    boolean closedCleanly;
    /** Sequence number of the first complete line that fails, or null. */
    Long bad;

    static SegmentScan of(Path file, java.util.function.Supplier<LineParser> parsers)
        throws IOException {
      SegmentScan s = new SegmentScan();
      s.file = file;
      byte[] b = Files.readAllBytes(file);
      LineParser p = parsers.get();
      int start = 0;
      String lastFlag = null;
      byte[] expectedPrev = null;
      for (int i = 0; i < b.length; i++) {
        if (b[i] != '\n') {
          continue;
        }
        long expected = s.headerSeq < 0 ? -1 : s.nextSeq;
        if (p.parse(b, start, i) != LineParser.Status.OK) {
          s.bad = expected;
          return s;
        }
        if (s.headerSeq < 0) {
          if (!p.type.equals("header")) {
            s.bad = p.seq;
            return s;
          }
          JsonNode h = JSON.readTree(b, start, i - start);
          List<byte[]> frontier = new ArrayList<>();
          h.path("frontier").forEach(n -> frontier.add(AuditKeys.b64(n.asText())));
          s.headerSeq = p.seq;
          s.logId = h.path("log").asText();
          try {
            s.tree = MerkleTree.fromFrontier(p.seq, frontier);
          } catch (IllegalArgumentException e) {
            s.bad = p.seq;
            return s;
          }
          if (!java.util.Arrays.equals(s.tree.root(), AuditKeys.b64(h.path("treeRoot").asText()))) {
            s.bad = p.seq;
            return s;
          }
        } else if (p.seq != expected
            || !p.prevEquals(b, Base64.getEncoder().encode(expectedPrev))) {
          s.bad = expected;
          return s;
        }
        lastFlag = p.type.equals("checkpoint")
            ? JSON.readTree(b, start, i - start).path("flag").asText() : null;
        s.tree.append(p.lh);
        expectedPrev = p.lh;
        s.lastLh = p.lh;
        s.nextSeq = p.seq + 1;
        s.goodBytes = i + 1;
        start = i + 1;
      }
      s.tornBytes = b.length - s.goodBytes;
      s.tornSha256 = HexFormat.of().formatHex(AuditCrypto.sha256(
          java.util.Arrays.copyOfRange(b, (int) s.goodBytes, b.length)));
      s.closedCleanly = s.tornBytes == 0 && "closing".equals(lastFlag);
      return s;
    }
  }

  /** Configures and opens an {@link AuditLog}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private Path directory;
    private AuditKeys keys;
    private Clock clock = Clock.systemUTC();
    private int checkpointEvery = 10_000;
    private Duration checkpointInterval = Duration.ofSeconds(60);
    private long segmentMaxBytes = 64L << 20;
    private Duration segmentMaxAge = Duration.ofDays(1);
    private int queueCapacity = 65_536;
    private WhenFull whenFull = WhenFull.BLOCK;
    private int batchSize = 4_096;

    private Builder() {}

    /** The log directory: segment files only; keys must live elsewhere. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
      return this;
    }

    public Builder keys(AuditKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The clock for record, checkpoint and segment times (tests pass a fixed or mutable one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sign a checkpoint after this many records (default 10,000). */
    public Builder checkpointEvery(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("checkpointEvery must be >= 1, was " + records);
      }
      this.checkpointEvery = records;
      return this;
    }

    /** Sign a checkpoint at least this often while records arrive (default 60 s). */
    public Builder checkpointInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("checkpointInterval must be positive, was " + interval);
      }
      this.checkpointInterval = interval;
      return this;
    }

    /** Rotate to a new segment once the current one holds this many bytes (default 64 MiB). */
    public Builder segmentMaxBytes(long bytes) {
      if (bytes < 4096) {
        throw new IllegalArgumentException("segmentMaxBytes must be >= 4096, was " + bytes);
      }
      this.segmentMaxBytes = bytes;
      return this;
    }

    /** Rotate to a new segment once the current one is this old (default 1 day). */
    public Builder segmentMaxAge(Duration age) {
      Objects.requireNonNull(age, "age");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("segmentMaxAge must be positive, was " + age);
      }
      this.segmentMaxAge = age;
      return this;
    }

    /** Records that may wait for the writer (default 65,536). */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be >= 1, was " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** What {@link AuditLog#append} does when the queue is full (default {@link WhenFull#BLOCK}). */
    public Builder whenFull(WhenFull policy) {
      this.whenFull = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Most records written per fsync (default 4,096). */
    public Builder batchSize(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, was " + records);
      }
      this.batchSize = records;
      return this;
    }

    /** Opens the log, resuming (and recovering) an existing one. */
    public AuditLog build() {
      if (directory == null) {
        throw new IllegalStateException("directory was not set");
      }
      if (keys == null) {
        throw new IllegalStateException("keys were not set");
      }
      Path keyLocation = keys.location().toAbsolutePath().normalize();
      if (keyLocation.startsWith(directory)) {
        throw new IllegalStateException("keys at " + keyLocation + " must not be stored inside the"
            + " log directory " + directory);
      }
      return new AuditLog(this);
    }
  }
}
