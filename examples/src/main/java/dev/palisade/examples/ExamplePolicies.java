package dev.palisade.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The example policy files shipped in this module's resources, as paths. */
final class ExamplePolicies {

  private ExamplePolicies() {}

  /**
   * The policy file {@code policies/<name>}. From a class directory it is the file itself; from a
   * jar it is copied to a temporary file first, since {@code Guard.fromPolicy} reads a path.
   */
  static Path path(String name) {
    URL url = ExamplePolicies.class.getResource("/policies/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no example policy named " + name);
    }
    try {
      if ("file".equals(url.getProtocol())) {
        return Path.of(url.toURI());
      }
      Path copy = Files.createTempFile("palisade-example-", "-" + name);
      copy.toFile().deleteOnExit();
      try (InputStream in = url.openStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
