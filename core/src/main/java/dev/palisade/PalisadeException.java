package dev.palisade;

import dev.langchain4j.exception.NonRetriableException;

/**
 * The root of Palisade's exceptions. Extends LangChain4j's {@link NonRetriableException} so that a
 * blocked or failed call is never retried by LangChain4j.
 *
 * <p>Messages name rules, detectors, channels and message indices, never the content of a call.
 */
public class PalisadeException extends NonRetriableException {

  private static final long serialVersionUID = 1L;

  public PalisadeException(String message) {
    super(message);
  }

  public PalisadeException(String message, Throwable cause) {
    super(message, cause);
  }
}
