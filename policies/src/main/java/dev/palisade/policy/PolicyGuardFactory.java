package dev.palisade.policy;

import dev.palisade.Guard;
import dev.palisade.GuardFactory;
import dev.palisade.audit.AuditLog;
import java.nio.file.Path;

/**
 * Makes {@link Guard#fromPolicy(Path)} work: found by {@link java.util.ServiceLoader} when this
 * module is on the class path.
 */
public final class PolicyGuardFactory implements GuardFactory {

  /** For {@link java.util.ServiceLoader}. */
  public PolicyGuardFactory() {}

  /**
   * The guard of the policy in {@code policy}. If the policy enables an audit log, it is opened
   * here and closed when the JVM shuts down.
   *
   * @throws PolicyException if the policy names tenants: one {@code Guard} has one policy, so
   *     serving the tenants' policies needs {@link ReloadingGuard} (silently serving every tenant the
   *     default policy would be worse)
   */
  @Override
  public Guard fromPolicy(Path policy) {
    Policy p = Policies.load(policy);
    if (!p.tenants().isEmpty()) {
      throw PolicyException.of(policy.toString(), "tenants",
          "a policy with tenants needs ReloadingGuard.of(Policies.load(path)), which picks each call's "
              + "policy from its CallContext; Guard.fromPolicy would give every tenant the default policy");
    }
    if (!p.audit().enabled()) {
      return p.toGuard();
    }
    AuditLog log = p.openAuditLog(System::getenv);
    Runtime.getRuntime().addShutdownHook(new Thread(log::close, "palisade-audit-close"));
    return p.toAuditedGuard(log);
  }

  /** The guard of the bundled pack {@code name}. */
  @Override
  public Guard bundled(String name) {
    return Policies.bundled(name).toGuard();
  }
}
