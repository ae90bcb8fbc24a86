package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.Guard;
import dev.palisade.PolicyViolationException;
import dev.palisade.testing.FakeChatModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    inJar(Map.of("palisade/base.yaml", """
        id: base
        version: "1"
        rules:
          - id: size
            detector: input-size
            options: {maxChars: 10}
            action: block
        """, "palisade/app.yaml", """
        id: app
        extends: base.yaml
        """), () -> {
          Path policy = Policies.resource("/palisade/app.yaml");
          assertThat(policy.getFileName()).hasToString("app.yaml");
          assertThat(Policies.resource("palisade/app.yaml")).isEqualTo(policy);

          Guard guard = Guard.fromPolicy(policy);
          assertThat(guard.policy().id()).isEqualTo("app");
          assertThatThrownBy(() -> guard.wrap(FakeChatModel.answering("ok")).chat("a prompt longer than ten characters"))
              .isInstanceOf(PolicyViolationException.class);
        });
  }

  @Test
  void filesThePolicyWritesOrKeepsSecretMustBeAbsoluteInAJar() throws Exception {
    inJar(Map.of("audited.yaml", """
        id: audited
        audit: {directory: log, keyDirectory: keys, masterKey: audit-master}
        """), () -> assertThatThrownBy(() -> Policies.load(Policies.resource("audited.yaml")))
            .isInstanceOf(PolicyException.class)
            .hasMessageContaining("/audited.yaml:2:")
            .hasMessageContaining("\"log\" is relative, in a policy read from a jar")
            .hasMessageContaining("\"keys\" is relative"));
  }

  @Test
  void aMissingResourceIsAPolicyExceptionNamingIt() {
    assertThatThrownBy(() -> Policies.resource("palisade/missing.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("classpath:palisade/missing.yaml")
        .hasMessageContaining("no such resource on the class path");
  }

  /** Runs {@code body} with a jar of {@code files} (name to text) as the thread's class loader. */
  private void inJar(Map<String, String> files, Runnable body) throws Exception {
    Path jar = Files.createTempFile(dir, "app", ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        out.putNextEntry(new JarEntry(f.getKey()));
        out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(loader);
      body.run();
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
