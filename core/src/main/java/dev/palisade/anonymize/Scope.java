package dev.palisade.anonymize;

import java.util.Objects;

/**
 * Where anonymized values live: one conversation of one tenant. Tokens made in one scope are
 * never restored in another.
 *
 * @param tenantId the deployment's tenant (customer, workspace...)
 * @param conversationId the conversation (chat session, memory id...)
 */
public record Scope(String tenantId, String conversationId) {

  public Scope {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(conversationId, "conversationId");
    if (tenantId.isEmpty() || conversationId.isEmpty()) {
      throw new IllegalArgumentException("tenantId and conversationId must not be empty");
    }
  }

  public static Scope of(String tenantId, String conversationId) {
    return new Scope(tenantId, conversationId);
  }

  /** An unambiguous byte form for associated data and tweaks: the two ids, each length-prefixed. */
  byte[] bytes() {
    byte[] t = tenantId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] c = conversationId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + t.length + c.length);
    b.putInt(t.length).put(t).putInt(c.length).put(c);
    return b.array();
  }
}
