package dev.palisade.detectors.injection;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * A loader of LangChain4j's quantized all-MiniLM-L6-v2 that does in parallel what
 * {@link AllMiniLmL6V2QuantizedEmbeddingModel} does one step after the other.
 *
 * <p>LangChain4j's class loads the ONNX Runtime (which extracts and links its native library), then
 * inflates the 23 MB model out of its jar, then creates the session, then loads the tokenizer's
 * native library and the tokenizer. Here {@link #prepare} (on a helper thread) reads the model
 * bytes and loads the tokenizer's native library while {@link #startRuntime} (on another) starts
 * the ONNX Runtime; {@link #load} then creates the session and the encoder from the same resources
 * with the same calls and default options, so the embeddings are bit for bit those of
 * LangChain4j's class.
 *
 * <p>If the fast path fails (a resource renamed in a newer LangChain4j, an
 * unreadable jar, a tokenizer that does not parse), {@code load} falls back to LangChain4j's class, so it fails only where that
 * class fails too.
 *
 * <h2>Thread safety</h2>
 * {@link #prepare}, {@link #startRuntime} and {@link #load} each run once, on different threads; the
 * model returned is safe for concurrent use.
 */
final class MiniLmLoader {

  static final String MODEL = "all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  /** How the model was loaded; for tests and profiling. */
  enum Route {
    /** In parallel. */
    FAST,
    /** LangChain4j's own constructor. */
    FALLBACK
  }

  /** Where the model's resources are; LangChain4j's jar. */
  private final ClassLoader loader;
  private final CompletableFuture<byte[]> model = new CompletableFuture<>();
  private final CompletableFuture<byte[]> tokenizer = new CompletableFuture<>();
  private volatile Route route;

  MiniLmLoader() {
    this(AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader());
  }

  MiniLmLoader(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Reads the model and tokenizer bytes and loads the tokenizer's native library; meant for a
   * helper thread while another one calls {@link #load}. Throws no exception ({@code load} reports
   * failures), only errors such as {@link OutOfMemoryError}.
   */
  void prepare() {
    try {
      model.complete(readResource(loader, MODEL));
    } catch (Throwable e) {
      model.completeExceptionally(e);
    }
    try {
      tokenizer.complete(readResource(loader, TOKENIZER));
    } catch (Throwable e) {
      tokenizer.completeExceptionally(e);
    }
    try {
      // DJL's platform probe (it looks for CUDA) and linking the 14 MB library take a few hundred
      // ms; a failure here shows again, with its cause, when load() creates the tokenizer.
      ai.djl.huggingface.tokenizers.jni.LibUtils.checkStatus();
    } catch (RuntimeException | LinkageError e) {
      // see above
    }
  }

  /**
   * Starts the ONNX Runtime (extracts and links its native library, creates its environment);
   * meant for a helper thread while another one calls {@link #prepare}. A failure shows again, with
   * its cause, when {@link #load} starts it.
   */
  void startRuntime() {
    try {
      OrtEnvironment.getEnvironment();
    } catch (RuntimeException | LinkageError e) {
      // see above
    }
  }

  static byte[] readResource(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The model, loaded in parallel with {@link #prepare}, or by LangChain4j's class if that fails. */
  EmbeddingModel load() {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    try {
      session = env.createSession(model.join());
      OnnxBertBiEncoder encoder =
          new OnnxBertBiEncoder(env, session, new ByteArrayInputStream(tokenizer.join()), PoolingMode.MEAN);
      route = Route.FAST;
      return new MiniLm(encoder);
    } catch (RuntimeException | OrtException e) {
      close(session);
      route = Route.FALLBACK;
      return new AllMiniLmL6V2QuantizedEmbeddingModel();
    }
  }

  private static void close(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException | RuntimeException e) {
        // the fallback does not need it
      }
    }
  }

  /** How {@link #load} loaded the model; {@code null} before. */
  Route route() {
    return route;
  }

  /** The quantized MiniLM over an encoder built here; embeds exactly as LangChain4j's class. */
  private static final class MiniLm extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    MiniLm(OnnxBertBiEncoder encoder) {
      super(null); // LangChain4j's default executor, as AllMiniLmL6V2QuantizedEmbeddingModel()
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return ExemplarIndex.DIM;
    }
  }
}
