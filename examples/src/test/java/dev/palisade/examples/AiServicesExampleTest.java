package dev.palisade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AiServicesExampleTest {

  @Test
  void modelSeesTokensUserAndToolSeeRealValues() {
    Printed printed = new Printed();

    AiServicesExample.Result r = AiServicesExample.run(printed.out);

    // Turn 1: the model got a token, the user got the address back.
    assertThat(r.modelSaw().get(0)).contains("<EMAIL_ADDRESS_1>").doesNotContain("jane.roe@example.com");
    assertThat(r.answers().get(0)).contains("jane.roe@example.com").doesNotContain("EMAIL_ADDRESS");
    // Turn 2: the model asked for the tool with the token; the tool got the real address.
    assertThat(r.toolCalls()).hasSize(2);
    assertThat(r.toolCalls().get(0)).contains("jane.roe@example.com");
    // The tool's result went back to the model anonymized, and to the user restored.
    assertThat(r.modelSaw().get(1)).startsWith("[tool result]")
        .doesNotContain("Jane Roe").doesNotContain("jane.roe@example.com");
    assertThat(r.answers().get(1)).contains("Order 1042 for Jane Roe").doesNotContain("<PERSON");
    // Turn 3: the key in the model's tool-call arguments was redacted before the tool ran.
    assertThat(r.toolCalls().get(1)).contains("[REDACTED:SECRET]").doesNotContain("AKIA");
    assertThat(printed.text()).contains("rule 'secrets' REDACT on output answer (SECRET").contains("guard     : TRANSFORM").contains("rule 'pii' ANONYMIZE on user");
  }
}
