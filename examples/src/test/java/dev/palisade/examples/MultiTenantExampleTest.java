package dev.palisade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiTenantExampleTest {

  @Test
  void vaultsAreNeverShared() {
    Printed printed = new Printed();

    List<MultiTenantExample.Turn> turns = MultiTenantExample.run(printed.out, ExamplePolicies.path("saas.yaml"));

    // The same address, independent tokens: first in acme's conversation, second in globex's.
    assertThat(turns.get(0).modelSaw()).contains("<EMAIL_ADDRESS_1>").doesNotContain("jane.roe");
    assertThat(turns.get(2).modelSaw()).contains("<EMAIL_ADDRESS_2>").doesNotContain("jane.roe");
    // Each tenant gets its own values back.
    assertThat(turns.get(0).appGot()).contains("jane.roe@example.com");
    assertThat(turns.get(1).appGot()).contains("max.mustermann@example.org");
    assertThat(turns.get(2).appGot()).contains("jane.roe@example.com");
    // A token from elsewhere is restored to nobody's value.
    assertThat(turns.get(3).appGot()).contains("<EMAIL_ADDRESS_1>")
        .doesNotContain("jane.roe").doesNotContain("max.mustermann");
    // Each tenant's own policy: only globex's screens for injection.
    assertThat(turns.get(4).appGot()).doesNotStartWith("BLOCKED");
    assertThat(turns.get(5).appGot()).startsWith("BLOCKED").contains("injection");
    assertThat(turns.get(5).modelSaw()).isEqualTo("(nothing: the call was blocked)");
    assertThat(printed.text()).contains("[acme/support-1]").contains("[globex/support-2]");
  }
}
