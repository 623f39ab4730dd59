package io.herald.protocol;

/**
 * A request a client sent cannot be served; carries the {@link ErrorCode} and a human-readable
 * message that are both sent back to that client. Thrown by decoders and validators; never carries
 * a stack trace, since it describes bad input rather than a bug.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
