package io.herald.server.internal.limits;

import io.herald.protocol.ErrorCode;

/**
 * A connection refused by a limit: the error code (its HTTP status), the message for the client,
 * the {@code Retry-After} seconds (0 for none) and the limit's name for {@code herald.limits}.
 */
public final class LimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode code;
  private final long retryAfterSeconds;
  private final String limit;

  LimitExceeded(ErrorCode code, String limit, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  /** Seconds the client should wait before trying again, or 0 when no hint is given. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The limit's name as counted in {@code herald.limits{limit}}. */
  public String limit() {
    return limit;
  }
}
