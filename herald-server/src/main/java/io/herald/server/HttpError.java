package io.herald.server;

import io.herald.protocol.ErrorCode;

/**
 * Thrown by route handlers and authenticators to answer with an HTTP error: the status, and the
 * JSON body {@code {"error": code, "message": message}}.
 */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public HttpError(int status, String code, String message) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 400-599");
    }
    this.status = status;
    this.code = code;
  }

  /** An error with one of Herald's codes and its usual status. */
  public HttpError(ErrorCode code, String message) {
    this(code.httpStatus(), code.code(), message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
