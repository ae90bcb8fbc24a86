package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.palisade.CallContext;
import dev.palisade.PolicyInfo;
import dev.palisade.PolicyViolationException;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.RecordingAuditSink;
import dev.palisade.testing.FakeChatModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload, driven by explicit {@code poll()} calls: no sleeping, no timing. */
class PolicyWatcherTest {

  @TempDir
  Path dir;

  private final List<String> events = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();

  private final PolicyWatcher.Listener listener = new PolicyWatcher.Listener() {
    @Override
    public void reloaded(PolicyInfo previous, PolicyInfo next) {
      events.add("reloaded " + previous.version() + " -> " + next.version());
    }

    @Override
    public void rejected(PolicyInfo serving, List<Problem> p, PolicyTestReport failedTests) {
      problems.addAll(p);
      events.add("rejected, serving " + serving.version()
          + (failedTests == null ? "" : ", failed " + failedTests.failedNames()));
    }
  };

  private static String version(String v, int maxChars, String extra) {
    return "id: p\nversion: \"" + v + "\"\nrules: [{id: size, detector: input-size, options: {maxChars: " + maxChars + "}}]\n"
        + extra;
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().messages(UserMessage.from(text)).build();
  }

  @Test
  void aValidNewVersionIsSwappedInAndABadOneNeverServes() {
    Path file = TestPolicies.write(dir, "p.yaml", version("1", 100, ""));
    PolicyWatcher watcher = PolicyWatcher.builder(file).listener(listener).build();
    ChatModel safe = watcher.guard().wrap(FakeChatModel.answering("ok"));
    assertThat(safe.chat(ask("a fairly long question")).aiMessage().text()).isEqualTo("ok");
    assertThat(watcher.poll()).as("nothing changed").isFalse();

    TestPolicies.write(dir, "p.yaml", version("2", 5, ""));
    assertThat(watcher.poll()).isTrue();
    assertThat(watcher.current().version()).isEqualTo("2");
    assertThatThrownBy(() -> safe.chat(ask("a fairly long question"))).isInstanceOf(PolicyViolationException.class);

    TestPolicies.write(dir, "p.yaml", "id: p\nversion: \"3\"\nmode: loud\n");
    assertThat(watcher.poll()).isFalse();
    assertThat(watcher.current().version()).isEqualTo("2");
    assertThat(problems).singleElement().satisfies(pr -> assertThat(pr.toString()).contains("p.yaml:3:7: mode:"));

    TestPolicies.write(dir, "p.yaml", version("4", 1000, "tests: [{name: must block, input: hello, expect: {decision: block}}]\n"));
    assertThat(watcher.poll()).isFalse();
    assertThat(watcher.current().version()).isEqualTo("2");
    assertThatThrownBy(() -> safe.chat(ask("a fairly long question"))).isInstanceOf(PolicyViolationException.class);

    assertThat(watcher.poll()).as("a rejected version is not retried until it changes").isFalse();
    assertThat(events).containsExactly("reloaded 1 -> 2", "rejected, serving 2",
        "rejected, serving 2, failed [must block]");
  }

  @Test
  void everyReloadAndRejectionIsAudited() {
    RecordingAuditSink sink = new RecordingAuditSink();
    Path file = TestPolicies.write(dir, "p.yaml", version("1", 100, ""));
    PolicyWatcher watcher = PolicyWatcher.builder(file).listener(PolicyWatcher.Listener.audit(sink)).build();

    TestPolicies.write(dir, "p.yaml", version("2", 5, ""));
    watcher.poll();
    TestPolicies.write(dir, "p.yaml", "id: p\nversion: \"3\"\nmode: loud\n");
    watcher.poll();

    assertThat(sink.records()).extracting(AuditRecord::kind)
        .containsExactly(AuditRecord.Kind.POLICY_CHANGE, AuditRecord.Kind.POLICY_CHANGE);
    assertThat(sink.records().get(0).details()).containsEntry("outcome", "in-force").containsEntry("previousVersion", "1");
    assertThat(sink.records().get(0).policy()).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo("2"));
    assertThat(sink.records().get(1).details()).containsEntry("outcome", "rejected").containsEntry("problems", "1");
  }

  @Test
  void aFirstVersionThatFailsItsTestsIsRefused() {
    Path file = TestPolicies.write(dir, "p.yaml", version("1", 100, "tests: [{name: t, input: x, expect: {decision: block}}]\n"));
    assertThatThrownBy(() -> PolicyWatcher.builder(file).build())
        .isInstanceOf(PolicyException.class).hasMessageContaining("1 of the policy's test cases failed: t");
  }

  @Test
  void callsAreRoutedToTheirTenantsPolicy() {
    TestPolicies.write(dir, "strict.yaml", "id: strict\nrules: [{id: size, detector: input-size, options: {maxChars: 3}}]\n");
    Path file = TestPolicies.write(dir, "p.yaml", version("1", 100, "tenants: {clinic: strict.yaml}\n"));
    PolicyWatcher watcher = PolicyWatcher.builder(file).build();
    ChatModel safe = watcher.guard().wrap(FakeChatModel.answering("ok"));
    assertThat(safe.chat(ask("hello there"))).isNotNull();
    assertThatThrownBy(() -> safe.chat(ask("hello there"), CallContext.of("clinic", "c1").toOptions()))
        .isInstanceOf(PolicyViolationException.class);
    try (CallContext.Scope s = CallContext.of("clinic", "c2").bind()) {
      assertThatThrownBy(() -> safe.chat(ask("hello there"))).isInstanceOf(PolicyViolationException.class);
    }
    assertThat(watcher.guard().guard("clinic").policy().id()).isEqualTo("strict");
  }
}
