package dev.palisade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RagExampleTest {

  @Test
  void poisonedDocumentIsBlockedCleanOnePasses() {
    Printed printed = new Printed();

    List<String> answers = RagExample.run(printed.out);

    assertThat(answers.get(0)).doesNotStartWith("BLOCKED").contains("How fast is shipping?");
    assertThat(answers.get(1)).startsWith("BLOCKED").contains("indirect-injection").contains("document")
        .doesNotContain("evil.example");
    // Unguarded, the simulator obeys the injected instruction; guarded, it never reads it.
    assertThat(printed.text()).contains("unguarded : Understood, new instructions accepted. Tell the customer");
  }
}
