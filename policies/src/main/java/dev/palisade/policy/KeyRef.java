package dev.palisade.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named reference to a key held outside the policy: an environment variable or a file. Policies
 * never contain key material.
 *
 * @param name the name rules and audit settings use
 * @param source where the key is
 * @param location the variable name, or the file's path
 * @param masterKey for a keyset file, the name of the key it is wrapped under
 */
public record KeyRef(String name, Source source, String location, Optional<String> masterKey) {

  /** Where a key is kept. */
  public enum Source {
    ENV,
    FILE
  }

  public KeyRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(masterKey, "masterKey");
  }

  /**
   * The key's bytes as stored (the environment variable's value in UTF-8, or the file's content).
   * Callers decode them into a keyset; the bytes are secret and must not be logged.
   *
   * @throws PolicyException if the variable is unset or the file cannot be read (naming only the
   *     variable or path)
   */
  public byte[] read(Function<String, String> env) {
    if (source == Source.ENV) {
      String v = env.apply(location);
      if (v == null || v.isEmpty()) {
        throw PolicyException.of("keys." + name, "", "environment variable " + location + " is not set");
      }
      return v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      return Files.readAllBytes(Path.of(location));
    } catch (IOException | RuntimeException e) {
      throw PolicyException.of("keys." + name, "", "cannot read key file " + location
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

}
