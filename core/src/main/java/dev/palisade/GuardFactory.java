package dev.palisade;

import java.nio.file.Path;

/**
 * Builds a {@link Guard} from a policy file. Implemented by the palisade-policies module and found
 * with {@link java.util.ServiceLoader}; used by {@link Guard#fromPolicy(Path)}.
 */
public interface GuardFactory {

  /**
   * @throws PalisadeException if the file cannot be read or is not a valid policy; the message
   *     names the file, line and column of each problem
   */
  Guard fromPolicy(Path policy);

  /**
   * A guard for a policy bundled with Palisade ({@code default}, {@code gdpr},
   * {@code hipaa-safe-harbor}, {@code pci-dss}, {@code owasp-llm-top10}).
   *
   * @throws PalisadeException if there is no bundled policy of that name
   */
  Guard bundled(String name);
}
