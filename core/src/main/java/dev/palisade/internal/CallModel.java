package dev.palisade.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.palisade.ForwardingStreamingHandler;
import dev.palisade.Interceptor;
import dev.palisade.StreamingInterceptor;

/**
 * The last step of every chain: calls the wrapped model with the (cleaned) request. The wrapped
 * model fires its own listeners, exactly once per call.
 */
public final class CallModel {

  private CallModel() {}

  public static Interceptor of(ChatModel model, ChatRequestOptions options) {
    return chain -> {
      long t0 = System.nanoTime();
      boolean capture = chain.call().guard().capturesPayloads();
      if (capture) {
        chain.call().attribute(AuditStep.SENT, chain.request());
      }
      try {
        ChatResponse response = model.chat(chain.request(), options);
        if (capture) {
          chain.call().attribute(AuditStep.RECEIVED, response);
        }
        return response;
      } finally {
        chain.call().addStageTime("model", System.nanoTime() - t0);
      }
    };
  }

  public static StreamingInterceptor of(StreamingChatModel model, ChatRequestOptions options) {
    return chain -> {
      if (!chain.call().guard().capturesPayloads()) {
        model.chat(chain.request(), options, chain.handler());
        return;
      }
      chain.call().attribute(AuditStep.SENT, chain.request());
      model.chat(chain.request(), options, new ForwardingStreamingHandler(chain.handler()) {
        @Override
        public void onCompleteResponse(ChatResponse response) {
          chain.call().attribute(AuditStep.RECEIVED, response);
          delegate.onCompleteResponse(response);
        }
      });
    };
  }
}
