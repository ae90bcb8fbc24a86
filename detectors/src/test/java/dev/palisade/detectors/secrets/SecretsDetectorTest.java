package dev.palisade.detectors.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretsDetectorTest {

  private static final SecretsDetector DETECTOR = SecretsDetector.create();

  private static List<String> rules(String text) {
    return DETECTOR.scan(text).stream().map(SecretMatch::rule).toList();
  }

  @Test
  void hasAtLeastFortyVendorRules() {
    assertThat(SecretsDetector.ruleIds()).hasSizeGreaterThanOrEqualTo(41).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "aws-access-key-id | key id AKIAZ7QH3L2MXPVB6N4D in the logs",
    "github-pat | git push https://x:ghp_R8kq2VwP5nZx7LmT4cYb9JdF3sHa6GuE1oQi@github.com",
    "github-fine-grained-pat | 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",
    "slack-webhook | POST https://hooks.slack.com/services/T0ABCD1EF/B0ABCDEF12G/q7Wn2Rk9XcVb4Lm8TzPa3YsD",
    "stripe-secret-key | Stripe.apiKey = \"sk_live_51Hx9QkLm3NvB7cR2tYp8ZwEa\";",
    "openai-api-key | OPENAI_API_KEY=sk-proj-Q2w9ErT5yU1iO8pA3sD6fG0hJ4kL7zX2cV5bN9mQ1wE3rT6yU8iO0pA2sD4fG7hJ9kL1zX3c",
    "anthropic-api-key | sk-ant-api03-Zx8Cv7Bn6Mq5Wn4Er3Ty2Ui1Op0As9Df8Gh7Jk6Lz5Xc4Vb3Nm2Qw1Er0Ty9Ui8Op7As6Df5Gh4Jk3Lz2Xc1Vb0NmQwErTyUiAA",
    "jwt | Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NSIsImlhdCI6MTcwMDAwMDAwMH0.Xq8Lk2Vn5Rt9Wp3Zc7Bm1Hs4Jd6Fg0Ya2Ue8Io5Qx",
    "database-url-password | DATABASE_URL=postgresql://app:Gq7!vR2zLm9pXw@db.prod.internal:5432/app",
    "telegram-bot-token | bot 7093418265:AAHk3Lm9Qz2Xw8Vb5Nr1Tp6Ys4Ue0Io7AsD",
    "private-key | -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBq8Lk2Vn5Rt9Wp3Zc7Bm1Hs4Jd6Fg0Ya2Ue8Io5Qx\\n-----END OPENSSH PRIVATE KEY-----",
  })
  void findsVendorSecret(String rule, String text) {
    assertThat(rules(text.replace("\\n", "\n"))).containsExactly(rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "api_key: YOUR_API_KEY",
    "token = \"<token>\"",
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "postgres://user:password@localhost/db",
    "session_token = \"550e8400-e29b-41d4-a716-446655440000\"",
    "commit_token = \"3f2a9c0d1e4b5a6f7089a1b2c3d4e5f6a7b8c9d0\" # merge commit",
    "String token = request.getHeader(\"Authorization\");",
    "secret = config.app.secret",
    "password = getPassword()",
    "The password must contain 12 characters.",
    "",
  })
  void leavesNonSecretsAlone(String text) {
    assertThat(DETECTOR.detect(text)).isEmpty();
  }

  @Test
  void spanCoversOnlyTheSecretAndVendorRuleBeatsGeneric() {
    String text = "export GITHUB_TOKEN=\"ghp_R8kq2VwP5nZx7LmT4cYb9JdF3sHa6GuE1oQi\"";
    List<Finding> f = DETECTOR.detect(text);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.type()).isEqualTo(EntityType.SECRET);
      assertThat(x.detector()).isEqualTo("secrets");
      assertThat(x.span().of(text)).isEqualTo("ghp_R8kq2VwP5nZx7LmT4cYb9JdF3sHa6GuE1oQi");
    });
  }

  @Test
  void genericRuleFindsRandomValueOfKeyLikeName() {
    String text = "JWT_SECRET=Zq8vN3xR7tL2wP9kY4mB";
    assertThat(DETECTOR.scan(text)).singleElement().satisfies(m -> {
      assertThat(m.rule()).isEqualTo("generic-secret");
      assertThat(m.span().of(text)).isEqualTo("Zq8vN3xR7tL2wP9kY4mB");
    });
  }

  @Test
  void findsManySecretsCloseTogetherExactlyOnce() {
    StringBuilder sb = new StringBuilder();
    Random rnd = new Random(7);
    for (int i = 0; i < 50; i++) {
      sb.append("ghp_");
      for (int k = 0; k < 36; k++) {
        sb.append((char) ('a' + rnd.nextInt(26)));
      }
      sb.append(i % 2 == 0 ? " " : "\n");
    }
    assertThat(DETECTOR.scan(sb.toString())).hasSize(50).allMatch(m -> m.rule().equals("github-pat"));
  }

  @Test
  void aPrivateKeyLongerThanThePatternIsFoundWhole() {
    assertThat(DETECTOR.maxMatchLength()).isBetween(4000, 5000);
    Random rnd = new Random(5);
    String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 9000; i++) { // an 8192-bit RSA key or a PGP key block
      body.append(b64.charAt(rnd.nextInt(64))).append(i % 64 == 63 ? "\n" : "");
    }
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----";
    String text = "key:\n" + pem + "\nthanks";
    assertThat(DETECTOR.detect(text)).singleElement()
        .satisfies(f -> assertThat(text.substring(f.start(), f.end())).isEqualTo(pem));
    String cut = "key:\n" + pem.substring(0, 6000);
    assertThat(DETECTOR.detect(cut)).singleElement()
        .satisfies(f -> assertThat(f.end()).as("a block cut off runs to the end").isEqualTo(cut.length()));
  }

  /**
   * A streamed answer is scanned in prefixes: a private key or a JWT must be recognized in every
   * prefix that holds its first part, wherever the prefix ends (inside the END line of a PEM block,
   * inside a JWT's payload), or the stream would release the rest of it.
   */
  @Test
  void recognizesPemBlocksAndJwtsCutAnywhereAfterTheirStart() {
    Random rnd = new Random(11);
    String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 1200; i++) {
      body.append(b64.charAt(rnd.nextInt(64))).append(i % 64 == 63 ? "\n" : "");
    }
    String pem = "Here it is:\n-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\nBye.";
    int pemStart = pem.indexOf("-----BEGIN");
    for (int cut = pemStart + 31 + 80; cut <= pem.length(); cut++) {
      assertThat(DETECTOR.scan(pem.substring(0, cut))).as("PEM cut at %d", cut)
          .anyMatch(m -> m.rule().equals("private-key") && m.span().start() == pemStart);
    }
    String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    String text = "Use Bearer " + jwt + " in the header.";
    int jwtStart = text.indexOf("eyJ");
    for (int cut = jwtStart + jwt.indexOf('.') + 12; cut <= text.length(); cut++) {
      assertThat(DETECTOR.scan(text.substring(0, cut))).as("JWT cut at %d", cut)
          .anyMatch(m -> m.rule().equals("jwt") && m.span().start() == jwtStart);
    }
    // A JSON blob in base64 at the end of a text is not a JWT without its second part.
    assertThat(rules("payload: eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6")).doesNotContain("jwt");
  }

  @Test
  void withRulesSelectsAndRejectsUnknownNames() {
    SecretsDetector only = SecretsDetector.withRules(List.of("github-pat"));
    assertThat(only.scan("AKIAZ7QH3L2MXPVB6N4D ghp_R8kq2VwP5nZx7LmT4cYb9JdF3sHa6GuE1oQi"))
        .extracting(SecretMatch::rule).containsExactly("github-pat");
    assertThatThrownBy(() -> SecretsDetector.withRules(List.of("nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThat(SecretsDetector.vendorOf("github-pat")).isEqualTo("GitHub");
  }

  @Test
  void entropyOfUniformStringsIsLogOfAlphabet() {
    assertThat(Entropy.shannon("abcd")).isEqualTo(2.0);
    assertThat(Entropy.shannon("aaaa")).isZero();
    assertThat(Entropy.shannon("")).isZero();
  }
}
