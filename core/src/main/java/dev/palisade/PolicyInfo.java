package dev.palisade;

import java.util.Objects;

/**
 * Which policy a guard enforces; every audit record names it.
 *
 * @param id the policy's id, e.g. {@code "eu-prod"}
 * @param version the policy's own version string
 * @param sha256 hex SHA-256 of the policy as loaded (after merging its bases)
 */
public record PolicyInfo(String id, String version, String sha256) {

  /** For guards built in code, without a policy file. */
  public static final PolicyInfo NONE = new PolicyInfo("none", "0", "");

  public PolicyInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
  }
}
