package dev.palisade.policy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads policies: from files (YAML or JSON) and from the packs bundled in this jar.
 *
 * <pre>{@code
 * Guard guard = Policies.load(Path.of("eu-prod.yaml")).toGuard();
 * Guard scan  = Policies.bundled("default").toGuard();
 * Guard app   = Guard.fromPolicy(Policies.resource("palisade/eu-prod.yaml"));  // shipped in the app's jar
 * }</pre>
 *
 * <p>Loading checks everything before anything is used (structure against the JSON Schema,
 * references between parts, detector names and options) and throws one {@link PolicyException}
 * listing every problem with its file, line and column.
 */
public final class Policies {

  /** The bundled packs, usable by name in {@code extends}, {@code tenants} and {@link #bundled}. */
  public static final List<String> BUNDLED =
      List.of("default", "gdpr", "hipaa-safe-harbor", "pci-dss", "owasp-llm-top10");

  private static final Loader STANDARD = new Loader(DetectorRegistry.standard(), System::getenv);

  private Policies() {}

  /**
   * The policy in {@code file}, its bases merged in.
   *
   * @throws PolicyException listing every problem found
   */
  public static Policy load(Path file) {
    return STANDARD.load(file);
  }

  /**
   * A bundled pack by name (see {@link #BUNDLED}).
   *
   * @throws PolicyException if there is no such pack, or it needs a detector this build lacks
   */
  public static Policy bundled(String name) {
    return STANDARD.bundled(name);
  }

  /**
   * The path of the class-path resource {@code name} (for example a policy shipped inside the
   * application's jar), for {@link #load(Path)} and {@code Guard.fromPolicy}. A resource in a jar
   * is read through the jar's zip file system, so {@code extends: base.yaml} and key files
   * relative to it are found next to it in the jar.
   *
   * @param name resource name as for {@link ClassLoader#getResource}, without a leading slash
   * @throws PolicyException if there is no such resource on the context or this class's loader
   */
  public static Path resource(String name) {
    Objects.requireNonNull(name, "name");
    String n = name.startsWith("/") ? name.substring(1) : name;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    URL url = context != null ? context.getResource(n) : null;
    if (url == null) {
      url = Policies.class.getClassLoader().getResource(n);
    }
    if (url == null) {
      throw PolicyException.of("classpath:" + n, "", "no such resource on the class path");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          // the jar's file system is open already: Path.of finds it
        }
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException | RuntimeException e) {
      throw PolicyException.of("classpath:" + n, "",
          "cannot open the resource as a file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** A loader with its own detector registry or environment. */
  public static Loader loader() {
    return STANDARD;
  }

  /** Loads policies with one detector registry and one view of the environment. Immutable. */
  public static final class Loader {
    private final DetectorRegistry registry;
    private final Function<String, String> env;

    private Loader(DetectorRegistry registry, Function<String, String> env) {
      this.registry = registry;
      this.env = env;
    }

    /** This loader with {@code registry} (e.g. the standard one plus an application's detectors). */
    public Loader registry(DetectorRegistry registry) {
      return new Loader(Objects.requireNonNull(registry, "registry"), env);
    }

    /** This loader reading environment variables (canary tokens) through {@code env}. */
    public Loader env(Function<String, String> env) {
      return new Loader(registry, Objects.requireNonNull(env, "env"));
    }

    public DetectorRegistry registry() {
      return registry;
    }

    public Policy load(Path file) {
      Objects.requireNonNull(file, "file");
      return new PolicyLoader(registry, env).load(PolicyLoader.Source.file(file), true);
    }

    public Policy bundled(String name) {
      Objects.requireNonNull(name, "name");
      if (!BUNDLED.contains(name)) {
        throw PolicyException.of("pack:" + TreeReader.clip(name), "",
            "no bundled pack of that name; bundled packs: " + String.join(", ", BUNDLED));
      }
      return new PolicyLoader(registry, env).load(PolicyLoader.Source.pack(name), true);
    }

    /** Every problem of {@code file}; empty if it is a valid policy. */
    public List<Problem> validate(Path file) {
      try {
        load(file);
        return List.of();
      } catch (PolicyException e) {
        return e.problems();
      }
    }
  }
}
