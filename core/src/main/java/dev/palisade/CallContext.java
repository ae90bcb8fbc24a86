package dev.palisade;

import dev.langchain4j.model.chat.ChatRequestOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a call is for: tenant, user and conversation. Decides which vault a call's replacements live
 * in (values never cross tenants or conversations) and is recorded in the audit log as keyed
 * pseudonyms, never as given.
 *
 * <p>Give it to a guarded model in one of two ways:
 * <pre>{@code
 * // 1. per call, through LangChain4j's request options
 * safe.chat(request, context.toOptions());
 * // 2. for everything the current thread does inside the block (AiServices, chat(String), ...)
 * try (CallContext.Scope scope = context.bind()) {
 *   assistant.chat("...");
 * }
 * }</pre>
 * Without either, a call has tenant {@code "default"} and no conversation id.
 *
 * <p>Immutable; {@code toString} prints no ids.
 */
public final class CallContext {

  /** The listener-attribute key under which {@link #toOptions()} stores a context. */
  public static final Class<CallContext> ATTRIBUTE = CallContext.class;

  private static final CallContext DEFAULT = new CallContext("default", null, null);
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private final String tenantId;
  private final String userId;
  private final String conversationId;

  private CallContext(String tenantId, String userId, String conversationId) {
    this.tenantId = tenantId;
    this.userId = userId;
    this.conversationId = conversationId;
  }

  public static CallContext of(String tenantId, String conversationId) {
    return builder().tenantId(tenantId).conversationId(conversationId).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The context bound to this thread, or the default one. */
  public static CallContext current() {
    CallContext c = CURRENT.get();
    return c != null ? c : DEFAULT;
  }

  /** The context for a call made with {@code options}: from the options, else the thread's. */
  public static CallContext resolve(ChatRequestOptions options) {
    if (options != null) {
      Object c = options.listenerAttributes().get(ATTRIBUTE);
      if (c instanceof CallContext context) {
        return context;
      }
    }
    return current();
  }

  public String tenantId() {
    return tenantId;
  }

  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  public Optional<String> conversationId() {
    return Optional.ofNullable(conversationId);
  }

  /** Request options carrying this context; pass them to {@code chat(request, options)}. */
  public ChatRequestOptions toOptions() {
    return ChatRequestOptions.builder().addListenerAttribute(ATTRIBUTE, this).build();
  }

  /** Binds this context to the current thread until the returned scope is closed. */
  public Scope bind() {
    CallContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallContext c
        && tenantId.equals(c.tenantId)
        && Objects.equals(userId, c.userId)
        && Objects.equals(conversationId, c.conversationId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenantId, userId, conversationId);
  }

  @Override
  public String toString() {
    return "CallContext{ids redacted}";
  }

  /** Restores the previously bound context when closed. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Builds a {@link CallContext}. */
  public static final class Builder {
    private String tenantId = "default";
    private String userId;
    private String conversationId;

    private Builder() {}

    public Builder tenantId(String tenantId) {
      this.tenantId = requireNonBlank(tenantId, "tenantId");
      return this;
    }

    public Builder userId(String userId) {
      this.userId = requireNonBlank(userId, "userId");
      return this;
    }

    public Builder conversationId(String conversationId) {
      this.conversationId = requireNonBlank(conversationId, "conversationId");
      return this;
    }

    public CallContext build() {
      return new CallContext(tenantId, userId, conversationId);
    }

    private static String requireNonBlank(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
