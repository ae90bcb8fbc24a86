package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.Guard;
import dev.palisade.PolicyViolationException;
import dev.palisade.testing.FakeChatModel;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies shipped inside an application's jar, loaded through {@link Policies#resource}. */
class PolicyResourceTest {

  @TempDir
  Path dir;

  @Test
  void aPolicyInAJarIsLoadedWithItsBaseFromTheSameJar() throws Exception {
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "palisade/base.yaml", """
          id: base
          version: "1"
          rules:
            - id: size
              detector: input-size
              options: {maxChars: 10}
              action: block
          """);
      put(out, "palisade/app.yaml", """
          id: app
          extends: base.yaml
          """);
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(loader);
      Path policy = Policies.resource("/palisade/app.yaml");
      assertThat(policy.getFileName()).hasToString("app.yaml");
      assertThat(Policies.resource("palisade/app.yaml")).isEqualTo(policy);

      Guard guard = Guard.fromPolicy(policy);
      assertThat(guard.policy().id()).isEqualTo("app");
      assertThatThrownBy(() -> guard.wrap(FakeChatModel.answering("ok")).chat("a prompt longer than ten characters"))
          .isInstanceOf(PolicyViolationException.class);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void filesThePolicyWritesOrKeepsSecretMustBeAbsoluteInAJar() throws Exception {
    Path jar = dir.resolve("audited.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "audited.yaml", """
          id: audited
          audit: {directory: log, keyDirectory: keys, masterKey: audit-master}
          """);
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(loader);
      Path policy = Policies.resource("audited.yaml");
      assertThatThrownBy(() -> Policies.load(policy))
          .isInstanceOf(PolicyException.class)
          .hasMessageContaining("/audited.yaml:2:")
          .hasMessageContaining("\"log\" is relative, in a policy read from a jar")
          .hasMessageContaining("\"keys\" is relative");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void aMissingResourceIsAPolicyExceptionNamingIt() {
    assertThatThrownBy(() -> Policies.resource("palisade/missing.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("classpath:palisade/missing.yaml")
        .hasMessageContaining("no such resource on the class path");
  }

  private static void put(JarOutputStream out, String name, String text) throws Exception {
    out.putNextEntry(new JarEntry(name));
    OutputStream o = out;
    o.write(text.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }
}
