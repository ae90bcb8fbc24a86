package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anyStringRoundTripsThroughJacksonAndTheLineHashChecks() throws Exception {
    Random rnd = new Random(11);
    JsonLine line = new JsonLine();
    LineParser parser = new LineParser();
    for (int trial = 0; trial < 2_000; trial++) {
      StringBuilder sb = new StringBuilder();
      int n = rnd.nextInt(40);
      for (int i = 0; i < n; i++) {
        // Mostly ASCII, with controls, quotes, backslashes, non-Latin and lone surrogates.
        sb.append(switch (rnd.nextInt(6)) {
          case 0 -> (char) rnd.nextInt(0x20);
          case 1 -> "\"\\".charAt(rnd.nextInt(2));
          case 2 -> (char) (0xD800 + rnd.nextInt(0x800));
          case 3 -> (char) (0x80 + rnd.nextInt(0x3000));
          default -> (char) (0x20 + rnd.nextInt(0x5f));
        });
      }
      String value = sb.toString();
      line.begin(trial, LogFormat.GENESIS, "record").field("kind", "CALL").field("v", value)
          .finish(AuditCrypto.newSha256());
      byte[] bytes = line.bytes();
      JsonNode node = JSON.readTree(bytes);
      assertThat(node.path("v").asText()).isEqualTo(value);
      assertThat(parser.parse(bytes, 0, bytes.length - 1)).isEqualTo(LineParser.Status.OK);
      assertThat(parser.seq).isEqualTo(trial);
    }
  }

  @Test
  void indexOfFindsEveryPosition() {
    Random rnd = new Random(5);
    for (int trial = 0; trial < 500; trial++) {
      byte[] b = new byte[rnd.nextInt(100)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (rnd.nextInt(3) == 0 ? '\n' : rnd.nextInt(256));
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int expected = -1;
      for (int i = from; i < b.length; i++) {
        if (b[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(Bytes.indexOf(b, (byte) '\n', from)).isEqualTo(expected);
    }
    assertThat(Bytes.indexOf("abc".getBytes(StandardCharsets.US_ASCII), (byte) 'c', 0)).isEqualTo(2);
  }
}
