package io.herald.server.internal.transport;

/** WebSocket close codes Herald uses (RFC 6455 §7.4 and Herald's 4000); see docs/protocol.md. */
public final class CloseCodes {
  public static final int NORMAL = 1000;
  public static final int GOING_AWAY = 1001;
  public static final int PROTOCOL_ERROR = 1002;
  public static final int UNSUPPORTED_DATA = 1003;
  public static final int NO_STATUS = 1005;
  public static final int ABNORMAL = 1006;
  public static final int INVALID_PAYLOAD = 1007;
  public static final int POLICY_VIOLATION = 1008;
  public static final int MESSAGE_TOO_BIG = 1009;
  public static final int INTERNAL_ERROR = 1011;
  public static final int SLOW_CONSUMER = 1013;
  public static final int HEARTBEAT_TIMEOUT = 4000;

  /** The connection's credentials expired ({@link io.herald.server.Principal#expiresAt()}). */
  public static final int TOKEN_EXPIRED = 4001;

  private CloseCodes() {}
}
