package dev.palisade.policy;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.palisade.CallContext;
import dev.palisade.Guard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Guards models with whatever policy is current, and with each call's tenant's policy: every call
 * is handed to the {@link Guard} of the policy in force when it starts.
 *
 * <p>{@link Guard} is immutable, so a new policy version means new guards; this class swaps them
 * atomically ({@link #swap}). A call in flight finishes under the policy it started with.
 *
 * <h2>Thread safety</h2>
 * Thread-safe; share one instance.
 */
public final class ReloadingGuard {

  private final Consumer<Guard.Builder> customizer;
  private final AtomicReference<Compiled> current = new AtomicReference<>();

  private ReloadingGuard(Policy policy, Consumer<Guard.Builder> customizer) {
    this.customizer = customizer;
    current.set(new Compiled(policy, customizer));
  }

  /** Serves {@code policy} (and its tenants' policies) until {@link #swap} is called. */
  public static ReloadingGuard of(Policy policy) {
    return of(policy, b -> {});
  }

  /**
   * Like {@link #of(Policy)}, with {@code customizer} applied to every guard built (to add the
   * audit sink, the anonymizer, application interceptors).
   */
  public static ReloadingGuard of(Policy policy, Consumer<Guard.Builder> customizer) {
    return new ReloadingGuard(Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(customizer, "customizer"));
  }

  /** The policy in force. */
  public Policy policy() {
    return current.get().policy;
  }

  /** The guard a call of {@code tenantId} gets now. */
  public Guard guard(String tenantId) {
    return current.get().guard(Objects.requireNonNull(tenantId, "tenantId"));
  }

  /** Puts {@code policy} in force for calls that start from now on. */
  public void swap(Policy policy) {
    current.set(new Compiled(Objects.requireNonNull(policy, "policy"), customizer));
  }

  /** {@code model}, guarded by the current policy on every call. */
  public ChatModel wrap(ChatModel model) {
    return Guard.wrap(model, context -> guard(context.tenantId()));
  }

  /** {@code model}, guarded by the current policy on every call. */
  public StreamingChatModel wrap(StreamingChatModel model) {
    return Guard.wrap(model, context -> guard(context.tenantId()));
  }

  @Override
  public String toString() {
    return "ReloadingGuard{" + current.get().policy + "}";
  }

  /** A policy with its guards built once, so that calls do not rebuild them. */
  private static final class Compiled {
    final Policy policy;
    final Guard guard;
    final Map<String, Guard> tenants = new HashMap<>();

    Compiled(Policy policy, Consumer<Guard.Builder> customizer) {
      this.policy = policy;
      this.guard = policy.toGuard(customizer);
      policy.tenants().forEach((t, p) -> tenants.put(t, p.toGuard(customizer)));
    }

    Guard guard(String tenantId) {
      return tenants.getOrDefault(tenantId, guard);
    }
  }
}
