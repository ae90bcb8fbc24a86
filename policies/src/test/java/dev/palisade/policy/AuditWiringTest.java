package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.palisade.Guard;
import dev.palisade.audit.AuditKeys;
import dev.palisade.audit.AuditLog;
import dev.palisade.testing.FakeChatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWiringTest {

  @TempDir
  Path dir;

  private static final byte[] MASTER = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      MASTER[i] = (byte) (i * 7 + 1);
    }
  }

  @Test
  void thePolicysAuditSectionOpensARealLogThatRecordsCalls() throws IOException {
    AuditKeys.create(dir.resolve("keys"), MASTER);
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: audited
        keys: {audit-master: {env: AUDIT_MASTER}}
        audit: {directory: log, keyDirectory: keys, masterKey: audit-master, rotateBytes: 65536, rotateAfter: 1h}
        rules: [{id: size, detector: input-size, options: {maxChars: 100}}]
        """);
    Policy policy = Policies.load(p);
    assertThat(policy.audit().enabled()).isTrue();
    assertThat(policy.audit().directory()).contains(dir.resolve("log"));
    Map<String, String> env = Map.of("AUDIT_MASTER", Base64.getEncoder().encodeToString(MASTER));
    try (AuditLog log = policy.openAuditLog(env::get)) {
      Guard guard = policy.toAuditedGuard(log);
      guard.wrap(FakeChatModel.answering("ok")).chat(ChatRequest.builder().messages(UserMessage.from("hi")).build());
    }
    try (Stream<Path> files = Files.list(dir.resolve("log"))) {
      assertThat(files.toList()).isNotEmpty();
    }
  }

  @Test
  void aMissingMasterKeyNamesTheVariableOnly() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: audited
        keys: {audit-master: {env: AUDIT_MASTER_UNSET}}
        audit: {directory: log, keyDirectory: keys, masterKey: audit-master}
        """);
    assertThatThrownBy(() -> Policies.load(p).openAuditLog(k -> null))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("environment variable AUDIT_MASTER_UNSET is not set");
  }

  @Test
  void aPolicyWithoutAuditOpensNoLog() {
    Path p = TestPolicies.write(dir, "p.yaml", "id: p\n");
    assertThatThrownBy(() -> Policies.load(p).openAuditLog(k -> null)).hasMessageContaining("enables no audit log");
  }
}
