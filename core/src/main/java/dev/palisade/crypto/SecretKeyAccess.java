package dev.palisade.crypto;

/**
 * A capability that must be passed to every method that reveals or accepts raw key bytes.
 *
 * <p>It protects nothing at run time; it makes every place that handles key material easy to
 * find in review: search for {@code SecretKeyAccess.insecure()}.
 */
public final class SecretKeyAccess {

  private static final SecretKeyAccess INSTANCE = new SecretKeyAccess();

  private SecretKeyAccess() {}

  /** The access object; each call site is a place where key bytes leave or enter the library. */
  public static SecretKeyAccess insecure() {
    return INSTANCE;
  }

  static void check(SecretKeyAccess access) {
    if (access == null) {
      throw new NullPointerException("access: pass SecretKeyAccess.insecure() to handle key bytes");
    }
  }

  @Override
  public String toString() {
    return "SecretKeyAccess";
  }
}
