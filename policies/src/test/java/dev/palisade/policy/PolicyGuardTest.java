package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.Guard;
import dev.palisade.PalisadeException;
import dev.palisade.detect.Channel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyGuardTest {

  @TempDir
  Path dir;

  @Test
  void guardFromPolicyFindsThisModuleThroughServiceLoader() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: svc
        version: "4"
        onBlock: {behavior: refuse, message: No.}
        streamingWindow: 64
        rules: [{id: size, detector: input-size, options: {maxChars: 3}}]
        """);
    Guard guard = Guard.fromPolicy(p);
    assertThat(guard.policy().id()).isEqualTo("svc");
    assertThat(guard.policy().version()).isEqualTo("4");
    assertThat(guard.policy().sha256()).isEqualTo(Policies.load(p).info().sha256());
    assertThat(guard.blockBehavior().refusal()).contains("No.");
    assertThat(guard.rules()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("size"));
    assertThat(guard.scan("abcdef", Channel.USER).findings()).hasSize(1);
  }

  @Test
  void guardFromPolicyReportsProblemsWithLocations() {
    Path p = TestPolicies.write(dir, "p.yaml", "id: p\nmode: loud\n");
    assertThatThrownBy(() -> Guard.fromPolicy(p))
        .isInstanceOf(PolicyException.class)
        .isInstanceOf(PalisadeException.class)
        .hasMessageContaining("p.yaml:2:7: mode: \"loud\" is not allowed; allowed values: enforce, monitor");
  }

  @Test
  void aMissingFileIsAPolicyException() {
    assertThatThrownBy(() -> Policies.load(dir.resolve("nope.yaml")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("nope.yaml:1:1: cannot read file (NoSuchFileException)");
  }

  @Test
  void tenantsGetTheirOwnPolicy() {
    TestPolicies.write(dir, "acme.yaml", "id: acme\nrules: [{id: size, detector: input-size, options: {maxChars: 2}}]\n");
    Path p = TestPolicies.write(dir, "main.yaml", "id: main\ntenants: {acme: acme.yaml, other: ./acme.yaml}\n");
    Policy policy = Policies.load(p);
    assertThat(policy.forTenant("acme").id()).isEqualTo("acme");
    assertThat(policy.forTenant("nobody").id()).isEqualTo("main");
  }

  @Test
  void guardFromPolicyRefusesTenantsRatherThanServeThemTheDefault() {
    TestPolicies.write(dir, "acme.yaml", "id: acme\n");
    Path p = TestPolicies.write(dir, "main.yaml", "id: main\ntenants: {acme: acme.yaml}\n");
    assertThatThrownBy(() -> dev.palisade.Guard.fromPolicy(p))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("main.yaml")
        .hasMessageContaining("ReloadingGuard");
  }

  @Test
  void aTenantPolicyCannotHaveTenants() {
    TestPolicies.write(dir, "t.yaml", "id: t\ntenants: {x: default}\n");
    Path p = TestPolicies.write(dir, "main.yaml", "id: main\ntenants: {acme: t.yaml}\n");
    assertThatThrownBy(() -> Policies.load(p)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("t.yaml:2:10: tenants: a tenant's policy cannot have tenants of its own");
  }

  @Test
  void anUnknownBundledPackIsAPolicyException() {
    assertThatThrownBy(() -> Policies.bundled("sox"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("bundled packs: default, gdpr, hipaa-safe-harbor, pci-dss, owasp-llm-top10");
  }

  @Test
  void aCustomDetectorIsOneRegistryLine() {
    Path p = TestPolicies.write(dir, "p.yaml", "id: p\nrules: [{id: m, detector: email}]\n");
    assertThatThrownBy(() -> Policies.load(p)).hasMessageContaining("\"email\" is not a known detector");
    assertThat(TestPolicies.LOADER.load(p).rules()).hasSize(1);
  }
}
