package dev.palisade.detectors.injection;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exemplar corpus of the semantic layer ({@code exemplars.txt}) and its precomputed embeddings
 * ({@code exemplars.vec}), so that start-up embeds nothing.
 *
 * <p>Rebuild the vectors after editing the corpus (a test fails until you do):
 * <pre>
 * mvn -q -o -pl detectors -am test-compile
 * java -cp "$(cat /tmp/cp.txt):detectors/target/classes" dev.palisade.detectors.injection.ExemplarIndex \
 *     detectors/src/main/resources/dev/palisade/detectors/injection/exemplars.vec
 * </pre>
 * where {@code /tmp/cp.txt} comes from {@code mvn -q -o -pl detectors dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt}.
 *
 * <h2>Thread safety</h2>
 * Immutable after loading.
 */
final class ExemplarIndex {

  /** What an exemplar is an example of. */
  enum Label {
    ATTACK,
    TASK,
    BENIGN
  }

  static final int DIM = 384;
  private static final int MAGIC = 0x50495831; // "PIX1"

  final Label[] labels;
  /** Unit vectors, row-major, {@code labels.length * DIM}. */
  final float[] vectors;

  private ExemplarIndex(Label[] labels, float[] vectors) {
    this.labels = labels;
    this.vectors = vectors;
  }

  int size() {
    return labels.length;
  }

  /** The corpus lines (label, text) in file order. */
  static List<String[]> corpus() {
    List<String[]> out = new ArrayList<>();
    for (String line : new String(corpusBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab < 0) {
        throw new IllegalStateException("exemplars.txt: a line has no tab");
      }
      out.add(new String[] {line.substring(0, tab), line.substring(tab + 1).trim()});
    }
    return out;
  }

  static byte[] corpusBytes() {
    return resource("exemplars.txt");
  }

  private static byte[] resource(String name) {
    try (InputStream in = ExemplarIndex.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads the precomputed vectors; fails if they were built from a different corpus. */
  static ExemplarIndex load() {
    byte[] expected = sha256(corpusBytes());
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(resource("exemplars.vec")))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalStateException("exemplars.vec: bad magic");
      }
      byte[] sha = new byte[32];
      in.readFully(sha);
      if (!Arrays.equals(sha, expected)) {
        throw new IllegalStateException("exemplars.vec is stale: rebuild it with ExemplarIndex.main");
      }
      int n = in.readInt();
      int dim = in.readInt();
      if (dim != DIM) {
        throw new IllegalStateException("exemplars.vec: dimension " + dim);
      }
      Label[] labels = new Label[n];
      float[] vectors = new float[n * dim];
      byte[] q = new byte[dim];
      for (int i = 0; i < n; i++) {
        labels[i] = Label.values()[in.readByte()];
        float scale = in.readFloat();
        in.readFully(q);
        double norm = 0;
        for (int d = 0; d < dim; d++) {
          float v = q[d] * scale;
          vectors[i * dim + d] = v;
          norm += v * v;
        }
        float inv = (float) (1.0 / Math.sqrt(Math.max(norm, 1e-12)));
        for (int d = 0; d < dim; d++) {
          vectors[i * dim + d] *= inv;
        }
      }
      return new ExemplarIndex(labels, vectors);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read exemplars.vec", e);
    }
  }

  /** Embeds the corpus and writes it, int8-quantized, with the corpus hash. */
  static byte[] build(EmbeddingModel model) throws IOException {
    List<String[]> corpus = corpus();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.write(sha256(corpusBytes()));
    out.writeInt(corpus.size());
    out.writeInt(DIM);
    for (String[] row : corpus) {
      Label label = Label.valueOf(row[0].toUpperCase(java.util.Locale.ROOT));
      float[] v = model.embed(SemanticLayer.prepare(row[1])).content().vector();
      float max = 1e-9f;
      for (float f : v) {
        max = Math.max(max, Math.abs(f));
      }
      float scale = max / 127f;
      out.writeByte(label.ordinal());
      out.writeFloat(scale);
      for (float f : v) {
        out.writeByte(Math.round(f / scale));
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ExemplarIndex OUTPUT.vec");
      System.exit(2);
    }
    byte[] data = build(new AllMiniLmL6V2QuantizedEmbeddingModel());
    Files.write(Path.of(args[0]), data);
    System.out.println("wrote " + corpus().size() + " exemplars to " + args[0]);
  }
}
