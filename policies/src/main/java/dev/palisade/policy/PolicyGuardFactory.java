package dev.palisade.policy;

import dev.palisade.Guard;
import dev.palisade.GuardFactory;
import java.nio.file.Path;

/**
 * Makes {@link Guard#fromPolicy(Path)} work: found by {@link java.util.ServiceLoader} when this
 * module is on the class path.
 */
public final class PolicyGuardFactory implements GuardFactory {

  /** For {@link java.util.ServiceLoader}. */
  public PolicyGuardFactory() {}

  /** The guard of the policy in {@code policy} (its default guard, if it names tenants). */
  @Override
  public Guard fromPolicy(Path policy) {
    return Policies.load(policy).toGuard();
  }

  /** The guard of the bundled pack {@code name}. */
  @Override
  public Guard bundled(String name) {
    return Policies.bundled(name).toGuard();
  }
}
