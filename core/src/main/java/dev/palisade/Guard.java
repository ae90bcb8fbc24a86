package dev.palisade;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.palisade.detect.Channel;
import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.langchain4j.model.ModelProvider;
import dev.palisade.audit.AuditSink;
import dev.palisade.anonymize.Anonymizer;
import dev.palisade.anonymize.Scope;
import dev.palisade.internal.Anonymize;
import dev.palisade.internal.AuditStep;
import dev.palisade.internal.CallModel;
import dev.palisade.internal.CanaryStep;
import dev.palisade.internal.Hit;
import dev.palisade.internal.InputScreen;
import dev.palisade.internal.Inspector;
import dev.palisade.internal.OutputFilter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.Function;

/**
 * Enforces a policy on every call to the models it wraps: screens what goes in, anonymizes it,
 * filters what comes back, restores the user's own values, and records what it did.
 *
 * <pre>{@code
 * Guard guard = Guard.fromPolicy(Path.of("policy.yaml"));   // or Guard.builder()...build()
 * ChatModel safe = guard.wrap(chatModel);
 * StreamingChatModel safeStream = guard.wrap(streamingChatModel);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * Immutable and thread-safe: build one guard and share it between all threads, models and
 * conversations. Per-call state lives in a {@link GuardedCall}.
 */
public final class Guard {

  private final PolicyInfo policy;
  private final List<Rule> rules;
  private final Inspector inspector;
  private final List<Interceptor> interceptors;
  private final List<StreamingInterceptor> streamingInterceptors;
  private final BlockBehavior blockBehavior;
  private final int streamingWindow;
  private final Clock clock;
  private final InputScreen inputScreen;
  private final OutputFilter outputFilter;
  private final CanaryStep canaries;
  private final Anonymizer anonymizer;
  private final Anonymize anonymize;
  private final AuditSink auditSink;
  private final boolean auditPayloads;

  private final Builder copy;

  private Guard(Builder b) {
    this.copy = b.copy();
    this.policy = b.policy;
    this.rules = List.copyOf(b.rules.values());
    this.inspector = new Inspector(rules);
    this.interceptors = List.copyOf(b.interceptors);
    this.streamingInterceptors = List.copyOf(b.streamingInterceptors);
    this.blockBehavior = b.blockBehavior;
    this.streamingWindow = b.streamingWindow;
    this.clock = b.clock;
    this.inputScreen = new InputScreen(inspector);
    this.outputFilter = new OutputFilter(inspector, streamingWindow);
    this.canaries = b.canaries ? new CanaryStep() : null;
    this.anonymizer = b.anonymizer != null ? b.anonymizer : Anonymizer.builder().build();
    // Without a rule that anonymizes or redacts, no token is ever made, so there is nothing to restore.
    this.anonymize = rules.stream().anyMatch(Rule::transforms)
        ? new Anonymize(inspector, anonymizer, b.toolsSeeRealValues) : null;
    this.auditSink = b.auditSink;
    this.auditPayloads = b.auditPayloads;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding everything this guard was built with, to derive a changed guard from. */
  public Builder toBuilder() {
    return copy.copy();
  }

  /**
   * A guard built from a policy file (YAML or JSON). Needs palisade-policies on the class path.
   *
   * @throws PalisadeException naming the file, line and column of each problem
   */
  public static Guard fromPolicy(Path policy) {
    Objects.requireNonNull(policy, "policy");
    return factory().fromPolicy(policy);
  }

  /**
   * A guard for one of the policies bundled with Palisade: {@code default}, {@code gdpr},
   * {@code hipaa-safe-harbor}, {@code pci-dss}, {@code owasp-llm-top10}. Needs palisade-policies on
   * the class path.
   */
  public static Guard fromBundledPolicy(String name) {
    Objects.requireNonNull(name, "name");
    return factory().bundled(name);
  }

  /** The policy module's factory, looked up by the thread's context class loader, then by Palisade's own. */
  private static GuardFactory factory() {
    for (GuardFactory factory : ServiceLoader.load(GuardFactory.class)) {
      return factory;
    }
    for (GuardFactory factory : ServiceLoader.load(GuardFactory.class, Guard.class.getClassLoader())) {
      return factory;
    }
    throw new PalisadeException("loading a policy needs dev.palisade:palisade-policies on the class path");
  }

  /** {@code model}, guarded. Use it wherever the original was used. */
  public ChatModel wrap(ChatModel model) {
    return new GuardedChatModel(context -> this, Objects.requireNonNull(model, "model"));
  }

  /** {@code model}, guarded. Use it wherever the original was used. */
  public StreamingChatModel wrap(StreamingChatModel model) {
    return new GuardedStreamingChatModel(context -> this, Objects.requireNonNull(model, "model"));
  }

  /**
   * {@code model}, guarded on each call by the guard {@code guards} picks for the call's context:
   * a policy per tenant, or whatever policy is current after a reload. A call in flight finishes
   * with the guard it started with.
   */
  public static ChatModel wrap(ChatModel model, Function<CallContext, Guard> guards) {
    return new GuardedChatModel(Objects.requireNonNull(guards, "guards"), Objects.requireNonNull(model, "model"));
  }

  /** The streaming form of {@link #wrap(ChatModel, Function)}. */
  public static StreamingChatModel wrap(StreamingChatModel model, Function<CallContext, Guard> guards) {
    return new GuardedStreamingChatModel(Objects.requireNonNull(guards, "guards"), Objects.requireNonNull(model, "model"));
  }

  /** The policy this guard enforces ({@link PolicyInfo#NONE} when built in code). */
  public PolicyInfo policy() {
    return policy;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** How this guard replaces and restores personal data. */
  public Anonymizer anonymizer() {
    return anonymizer;
  }

  public BlockBehavior blockBehavior() {
    return blockBehavior;
  }

  /** True if audit records carry the (encrypted) request and answer. */
  public boolean capturesPayloads() {
    return auditSink != null && auditPayloads;
  }

  /** Runs the rules for {@code channel} on {@code text} and reports what they find; acts on nothing. */
  public ScanResult scan(String text, Channel channel) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(channel, "channel");
    return scanResult(inspector.inspect(text, DetectionContext.of(channel), channel.id() + " text"));
  }

  /**
   * {@code text} as the guard would send it on {@code channel}: ANONYMIZE and REDACT findings
   * replaced, in a scope of its own (numbering starts afresh; nothing is kept for restoring).
   */
  public String anonymize(String text, Channel channel) {
    return anonymizeAndScan(text, channel).text();
  }

  /** {@link #anonymize} and {@link #scan} in one pass of the detectors. */
  public AnonymizedText anonymizeAndScan(String text, Channel channel) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(channel, "channel");
    List<Hit> hits = inspector.inspect(text, DetectionContext.of(channel), channel.id() + " text");
    Scope scope = Scope.of("anonymize", UUID.randomUUID().toString());
    try {
      String anonymized = anonymize == null ? text : anonymize.anonymize(scope, text, hits);
      return new AnonymizedText(anonymized, scanResult(hits));
    } finally {
      anonymizer.vault().forget(scope);
    }
  }

  private static ScanResult scanResult(List<Hit> hits) {
    double injection = 0;
    boolean flagged = false;
    Map<String, Finding> findings = new LinkedHashMap<>();
    for (Hit h : hits) {
      Finding f = h.finding();
      if (f.type().category() == EntityType.Category.INJECTION) {
        injection = Math.max(injection, f.score());
        flagged |= h.active();
      } else if (h.active()) {
        findings.merge(f.type() + "@" + f.span(), f, (a, b) -> a.score() >= b.score() ? a : b);
      }
    }
    List<Finding> sorted = new ArrayList<>(findings.values());
    sorted.sort(Comparator.comparing(Finding::span).thenComparing(Finding::type));
    return new ScanResult(sorted, injection, flagged);
  }

  // The pipeline. The order of the built-in steps is decided here and nowhere else.

  private List<Interceptor> chain(ChatModel model, ChatRequestOptions options) {
    List<Interceptor> chain = new ArrayList<>(interceptors.size() + 6);
    if (auditSink != null) {
      chain.add(audit(model.provider()));  // outermost: times the call, records the decision
    }
    chain.addAll(interceptors);            // the application's own
    chain.add(inputScreen);                // injection and blocking rules on every input channel
    if (anonymize != null) {
      chain.add(anonymize);                // replace on the way out, restore on the way back
    }
    if (canaries != null) {
      chain.add(canaries);                 // a fresh canary in the system prompt
    }
    chain.add(outputFilter);               // secrets, leaks, banned content in the answer
    chain.add(CallModel.of(model, options));
    return chain;
  }

  private List<StreamingInterceptor> chain(StreamingChatModel model, ChatRequestOptions options) {
    List<StreamingInterceptor> chain = new ArrayList<>(streamingInterceptors.size() + 6);
    if (auditSink != null) {
      chain.add(audit(model.provider()));
    }
    chain.addAll(streamingInterceptors);
    chain.add(inputScreen);
    if (anonymize != null) {
      chain.add(anonymize);
    }
    if (canaries != null) {
      chain.add(canaries);
    }
    chain.add(outputFilter);
    chain.add(CallModel.of(model, options));
    return chain;
  }

  private AuditStep audit(ModelProvider provider) {
    return new AuditStep(auditSink, provider == null ? "OTHER" : provider.name(), auditPayloads);
  }

  ChatResponse execute(ChatModel model, ChatRequest request, ChatRequestOptions options, CallContext context) {
    Objects.requireNonNull(request, "request");
    GuardedCall call = new GuardedCall(this, context, false, clock);
    return new RealChain(chain(model, options), 0, call, request).proceed(request);
  }

  void execute(StreamingChatModel model, ChatRequest request, ChatRequestOptions options, CallContext context,
      StreamingChatResponseHandler handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    GuardedCall call = new GuardedCall(this, context, true, clock);
    try {
      new RealStreamingChain(chain(model, options), 0, call, request, handler).proceed(request, handler);
    } catch (RuntimeException e) {
      handler.onError(e);
    }
  }

  @Override
  public String toString() {
    return "Guard{rules=" + rules.size() + ", interceptors=" + interceptors.size() + "}";
  }

  /** Builds a {@link Guard}. Setters validate at once; {@link #build()} copies everything. */
  public static final class Builder {
    private PolicyInfo policy = PolicyInfo.NONE;
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<StreamingInterceptor> streamingInterceptors = new ArrayList<>();
    private BlockBehavior blockBehavior = BlockBehavior.throwException();
    private int streamingWindow = 512;
    private Clock clock = Clock.systemUTC();
    private boolean canaries;
    private AuditSink auditSink;
    private boolean auditPayloads;
    private Anonymizer anonymizer;
    private boolean toolsSeeRealValues;

    private Builder() {}

    /** Names the policy this guard enforces, for the audit log. */
    public Builder policy(PolicyInfo policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds a rule. Rule ids are unique. */
    public Builder rule(Rule rule) {
      Objects.requireNonNull(rule, "rule");
      if (rules.putIfAbsent(rule.id(), rule) != null) {
        throw new IllegalArgumentException("rule id '" + rule.id() + "' was already used");
      }
      return this;
    }

    public Builder rules(Iterable<Rule> rules) {
      rules.forEach(this::rule);
      return this;
    }

    /** Adds an application interceptor; it runs before the built-in steps, in the order added. */
    public Builder interceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Adds an application interceptor for streaming calls. */
    public Builder streamingInterceptor(StreamingInterceptor interceptor) {
      streamingInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** What the app sees when a call is blocked (default: an exception). */
    public Builder onBlock(BlockBehavior behavior) {
      this.blockBehavior = Objects.requireNonNull(behavior, "behavior");
      return this;
    }

    /**
     * How many characters of a streamed answer output filtering holds back (default 512). Must
     * be at least as long as the longest match an output rule must catch across chunks. The first
     * text waits for at most this many characters; later, the text is inspected each time an
     * eighth of the window has arrived, so up to {@code window / 8 - 1} more characters may wait.
     */
    public Builder streamingWindow(int chars) {
      if (chars < 1 || chars > 1 << 20) {
        throw new IllegalArgumentException("streamingWindow must be in [1, 1048576], was " + chars);
      }
      this.streamingWindow = chars;
      return this;
    }

    /**
     * Places a fresh canary in every call's system prompt (default off). Output rules see it in
     * {@code DetectionContext.canaries()}; a leakage rule blocks or redacts answers that contain it.
     */
    public Builder canaries(boolean canaries) {
      this.canaries = canaries;
      return this;
    }

    /**
     * Where the guard records every call (none by default). The guard does not own the sink: the
     * application closes it at shutdown.
     */
    public Builder auditSink(AuditSink sink) {
      this.auditSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Also records the original and transformed request and answer (default off). The audit log
     * stores them only encrypted under the subject's key, for authorised review.
     */
    public Builder auditPayloads(boolean capture) {
      this.auditPayloads = capture;
      return this;
    }

    /**
     * How ANONYMIZE actions replace values, and where replacements are remembered (default: typed
     * placeholders such as {@code <PERSON_1>} in an in-memory vault).
     */
    public Builder anonymizer(Anonymizer anonymizer) {
      this.anonymizer = Objects.requireNonNull(anonymizer, "anonymizer");
      return this;
    }

    /**
     * Whether tool-call arguments the model produces are restored to real values before a tool
     * runs (default false: tools see the placeholders).
     */
    public Builder toolsSeeRealValues(boolean restore) {
      this.toolsSeeRealValues = restore;
      return this;
    }

    /** The clock for timestamps (tests use a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Guard build() {
      return new Guard(this);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.policy = policy;
      b.rules.putAll(rules);
      b.interceptors.addAll(interceptors);
      b.streamingInterceptors.addAll(streamingInterceptors);
      b.blockBehavior = blockBehavior;
      b.streamingWindow = streamingWindow;
      b.clock = clock;
      b.canaries = canaries;
      b.auditSink = auditSink;
      b.auditPayloads = auditPayloads;
      b.anonymizer = anonymizer;
      b.toolsSeeRealValues = toolsSeeRealValues;
      return b;
    }
  }
}
