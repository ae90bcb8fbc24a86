package dev.palisade.detectors.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model cache, on a small jar made here, so no model is loaded. */
class ModelCacheTest {

  private static final String NAME = "models/m.onnx";

  @TempDir Path tmp;
  private byte[] content;
  private URLClassLoader jarLoader;

  @BeforeEach
  void makeJar() throws IOException {
    content = new byte[200_000];
    new Random(7).nextBytes(content);
    Path jar = tmp.resolve("m.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(NAME));
      out.write(content);
      out.closeEntry();
    }
    jarLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  @Test
  void aFirstReadInflatesTheJarAndTheNextReadsTheCopy() throws IOException {
    ModelCache cache = new ModelCache(tmp.resolve("cache"));
    ModelCache.Read first = cache.read(jarLoader, NAME);
    assertThat(first.source()).isEqualTo(ModelCache.Source.JAR);
    assertThat(first.bytes()).isEqualTo(content);

    cache.store(NAME, first);
    Path file = cache.file(NAME, first.entry());
    assertThat(file.getFileName().toString()).startsWith("m-").endsWith("-200000.onnx");
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
    assertThat(Files.getPosixFilePermissions(tmp.resolve("cache"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    try (var files = Files.list(tmp.resolve("cache"))) {
      assertThat(files).containsExactly(file); // no partial file left
    }

    ModelCache.Read second = cache.read(jarLoader, NAME);
    assertThat(second.source()).isEqualTo(ModelCache.Source.CACHE);
    assertThat(second.bytes()).isEqualTo(content);
  }

  @Test
  void aDamagedCopyIsIgnored() throws IOException {
    ModelCache cache = new ModelCache(tmp.resolve("cache"));
    ModelCache.Read first = cache.read(jarLoader, NAME);
    cache.store(NAME, first);
    Path file = cache.file(NAME, first.entry());
    byte[] damaged = content.clone();
    damaged[12345] ^= 1;
    Files.write(file, damaged);

    ModelCache.Read again = cache.read(jarLoader, NAME);
    assertThat(again.source()).isEqualTo(ModelCache.Source.JAR);
    assertThat(again.bytes()).isEqualTo(content);

    Files.write(file, new byte[10]); // truncated
    assertThat(cache.read(jarLoader, NAME).source()).isEqualTo(ModelCache.Source.JAR);
  }

  @Test
  void anUnusableDirectoryFallsBackToTheJarWithoutThrowing() throws IOException {
    Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
    ModelCache cache = new ModelCache(notADirectory.resolve("cache"));
    ModelCache.Read read = cache.read(jarLoader, NAME);
    cache.store(NAME, read);
    assertThat(read.source()).isEqualTo(ModelCache.Source.JAR);
    assertThat(read.bytes()).isEqualTo(content);
    assertThat(cache.read(jarLoader, NAME).source()).isEqualTo(ModelCache.Source.JAR);
  }

  @Test
  void aDirectoryOthersMayWriteIsNotUsed() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("shared"));
    ModelCache cache = new ModelCache(dir);
    ModelCache.Read read = cache.read(jarLoader, NAME);
    Files.write(cache.file(NAME, read.entry()), content);
    assertThat(cache.read(jarLoader, NAME).source()).isEqualTo(ModelCache.Source.CACHE);

    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(cache.read(jarLoader, NAME).source()).isEqualTo(ModelCache.Source.JAR);
    Files.delete(cache.file(NAME, read.entry()));
    cache.store(NAME, read);
    assertThat(cache.file(NAME, read.entry())).doesNotExist();
  }

  @Test
  void offMeansTheJarEveryTime() {
    ModelCache off = new ModelCache(null);
    ModelCache.Read read = off.read(jarLoader, NAME);
    off.store(NAME, read);
    assertThat(read.source()).isEqualTo(ModelCache.Source.JAR);
    assertThat(off.read(jarLoader, NAME).source()).isEqualTo(ModelCache.Source.JAR);
  }

  @Test
  void aPlainFileOnTheClassPathIsReadAsIs() throws IOException {
    Path root = tmp.resolve("classes");
    Files.createDirectories(root.resolve("models"));
    Files.write(root.resolve(NAME), content);
    try (URLClassLoader dirLoader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      ModelCache cache = new ModelCache(tmp.resolve("cache"));
      ModelCache.Read read = cache.read(dirLoader, NAME);
      assertThat(read.source()).isEqualTo(ModelCache.Source.FILE);
      assertThat(read.bytes()).isEqualTo(content);
      cache.store(NAME, read);
      assertThat(tmp.resolve("cache")).doesNotExist();
    }
  }

  @Test
  void aMissingResourceIsNamed() {
    assertThatThrownBy(() -> new ModelCache(tmp).read(jarLoader, "nope.onnx"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("nope.onnx is missing from the classpath");
  }

  @Test
  void theDefaultDirectoryFollowsTheEnvironment() {
    assertThat(ModelCache.defaultDir("", "/x", "/home/u")).isNull();
    assertThat(ModelCache.defaultDir("/c", "/x", "/home/u")).isEqualTo(Path.of("/c"));
    assertThat(ModelCache.defaultDir(null, "/x", "/home/u")).isEqualTo(Path.of("/x/palisade"));
    assertThat(ModelCache.defaultDir(null, "relative", "/home/u")).isEqualTo(Path.of("/home/u/.cache/palisade"));
    assertThat(ModelCache.defaultDir(null, null, null)).isNull();
  }
}
