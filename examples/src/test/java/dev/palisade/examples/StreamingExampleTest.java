package dev.palisade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingExampleTest {

  @Test
  void tokensAreRestoredAndSecretsRedactedAcrossChunks() throws Exception {
    Printed printed = new Printed();

    List<StreamingExample.Streamed> streams = StreamingExample.run(printed.out);

    StreamingExample.Streamed echo = streams.get(0);
    assertThat(echo.chunks()).hasSizeGreaterThan(3);
    assertThat(echo.joined()).isEqualTo(echo.complete())
        .contains("jane.roe@example.com").doesNotContain("EMAIL_ADDRESS");
    assertThat(printed.text()).contains("model saw   : My email is <EMAIL_ADDRESS_1>");

    StreamingExample.Streamed secret = streams.get(1);
    assertThat(secret.joined()).isEqualTo(secret.complete())
        .contains("[REDACTED:SECRET]")
        .doesNotContain("AKIAZ4XQ7TPLM3NRWK2D")
        .doesNotContain("wJ8rXtq2Zb7vP0nKs4LdQy9HmE3cTfGa6uWiRoNx");
    assertThat(secret.chunks()).noneMatch(c -> c.contains("AKIA"));
  }
}
