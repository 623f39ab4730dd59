package io.herald.protocol;

/**
 * A request a client sent cannot be served; carries the {@link ErrorCode} and a human-readable
 * message that are both sent back to that client. Thrown by decoders and validators; never carries
 * a stack trace, since it describes bad input rather than a bug.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final Long requestId;

  public ProtocolException(ErrorCode code, String message) {
    this(code, message, null);
  }

  private ProtocolException(ErrorCode code, String message, Long requestId) {
    super(message, null, false, false);
    this.code = code;
    this.requestId = requestId;
  }

  public ErrorCode code() {
    return code;
  }

  /** The id of the request that failed, when it could be read; else {@code null}. */
  public Long requestId() {
    return requestId;
  }

  /** This error, attributed to the request with {@code id}. */
  public ProtocolException forRequest(Long id) {
    return id == null ? this : new ProtocolException(code, getMessage(), id);
  }
}
