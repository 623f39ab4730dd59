package io.herald.server;

import io.herald.protocol.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by route handlers and authenticators to answer with an HTTP error: the status, and the
 * JSON body {@code {"error": code, "message": message}}.
 */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, String> headers;

  public HttpError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /** An error with one of Herald's codes and its usual status. */
  public HttpError(ErrorCode code, String message) {
    this(code.httpStatus(), code.code(), message);
  }

  private HttpError(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 400-599");
    }
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /**
   * This error with one more response header, e.g. {@code WWW-Authenticate} on a 401 or {@code
   * Retry-After} on a 429 or 503.
   */
  public HttpError withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpError(status, code, getMessage(), Collections.unmodifiableMap(more));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Headers sent with the error response, in the order they were added. */
  public Map<String, String> headers() {
    return headers;
  }
}
