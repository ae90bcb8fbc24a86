package dev.palisade.detectors.injection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * A per-user directory of model files copied out of their jars, so that a start reads a plain file
 * instead of inflating 23 MB of compressed jar entry (about a fifth of a second).
 *
 * <p>The directory is {@code $PALISADE_CACHE_DIR} if that is set (an empty value turns the cache
 * off), else {@code $XDG_CACHE_HOME/palisade}, else {@code ~/.cache/palisade}. A cached file is
 * named by the CRC-32 and size that the jar records for the entry and is used only if its content
 * has that CRC-32; anything else (no directory, not writable, a stale or damaged file) silently
 * falls back to reading the jar, as without the cache.
 *
 * <h2>Security</h2>
 * A cached model decides verdicts, so the cache is used only in a directory that belongs to the
 * current user and that no one else may write (checked where the file system has POSIX
 * permissions; the directory is created {@code rwx------}). Whoever can write there can equally
 * replace the tokenizer's native library that DJL caches under {@code ~/.djl.ai}.
 *
 * <h2>Thread safety</h2>
 * Immutable; concurrent writers (threads or processes) replace the file atomically.
 */
final class ModelCache {

  /** Where the bytes of a model came from. */
  enum Source {
    /** A plain file on the class path (an unpacked build): read as is, nothing cached. */
    FILE,
    /** The cache directory. */
    CACHE,
    /** The jar entry, inflated. */
    JAR
  }

  /** The bytes of a resource and where they came from; {@code entry} is set when it came from a jar. */
  record Read(byte[] bytes, Source source, Entry entry) {}

  /** Size and CRC-32 of a jar entry, as the jar's directory records them. */
  record Entry(long size, long crc) {}

  static final String ENV = "PALISADE_CACHE_DIR";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  /** The cache directory; {@code null} when caching is off. */
  private final Path dir;

  ModelCache(Path dir) {
    this.dir = dir;
  }

  /** The cache in the default directory (see the type's Javadoc); off when there is none. */
  static ModelCache defaults() {
    return new ModelCache(defaultDir(System.getenv(ENV), System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home")));
  }

  static Path defaultDir(String explicit, String xdg, String home) {
    try {
      if (explicit != null) {
        return explicit.isBlank() ? null : Path.of(explicit);
      }
      if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
        return Path.of(xdg, "palisade");
      }
      return home == null || home.isBlank() ? null : Path.of(home, ".cache", "palisade");
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * Reads {@code resource} of {@code loader}: the plain file, a valid cached copy, or the jar entry.
   *
   * @throws IllegalStateException if the resource does not exist
   * @throws UncheckedIOException if it cannot be read at all
   */
  Read read(ClassLoader loader, String resource) {
    URL url = loader.getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is missing from the classpath");
    }
    if ("file".equals(url.getProtocol())) {
      try {
        return new Read(Files.readAllBytes(Path.of(url.toURI())), Source.FILE, null);
      } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
        // read it as a stream below
      }
    }
    Entry entry = "jar".equals(url.getProtocol()) ? entry(url) : null;
    if (entry != null && dir != null) {
      byte[] cached = readCached(file(resource, entry), entry);
      if (cached != null) {
        return new Read(cached, Source.CACHE, entry);
      }
    }
    try (InputStream in = url.openStream()) {
      return new Read(in.readAllBytes(), Source.JAR, entry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** All bytes of {@code resource} of {@code loader}. */
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

  /**
   * Copies what {@link #read} took from a jar into the cache, for the next start; does nothing if
   * the cache is off, the file is there, or anything fails.
   */
  void store(String resource, Read read) {
    if (dir == null || read.source() != Source.JAR || read.entry() == null) {
      return;
    }
    Path tmp = null;
    try {
      Path target = file(resource, read.entry());
      if (Files.exists(target)) {
        return;
      }
      createPrivateDirectories(dir);
      if (!trusted(dir)) {
        return;
      }
      tmp = Files.createTempFile(dir, ".partial-", ".tmp");
      Files.write(tmp, read.bytes());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException | RuntimeException e) {
      // best effort: the next start reads the jar again
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException | RuntimeException e) {
          // nothing more to do
        }
      }
    }
  }

  /** The cache file of {@code resource}; its name changes whenever the jar's entry does. */
  Path file(String resource, Entry entry) {
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    return dir.resolve(String.format(Locale.ROOT, "%s-%08x-%d%s", stem, entry.crc(), entry.size(), ext));
  }

  private byte[] readCached(Path file, Entry entry) {
    try {
      if (!trusted(dir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != entry.size()) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(file);
      return bytes.length == entry.size() && crc(bytes) == entry.crc() ? bytes : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The jar's record of the entry behind {@code url}, or {@code null} if it has none. */
  private static Entry entry(URL url) {
    try {
      if (url.openConnection() instanceof JarURLConnection c) {
        JarEntry e = c.getJarEntry();
        if (e != null && e.getSize() >= 0 && e.getCrc() >= 0) {
          return new Entry(e.getSize(), e.getCrc());
        }
      }
    } catch (IOException | RuntimeException e) {
      // no entry, no cache
    }
    return null;
  }

  static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (posix()) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createDirectory(dir);
    }
  }

  /** Whether {@code dir} is a real directory of the current user that no one else may write. */
  static boolean trusted(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!posix()) {
      return true;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      return false;
    }
    return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
  }
}
