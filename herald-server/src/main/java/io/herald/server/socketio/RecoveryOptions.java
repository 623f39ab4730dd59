package io.herald.server.socketio;

import java.time.Duration;

/**
 * Connection state recovery: a client that reconnects within {@code maxDisconnectionDuration} gets
 * its socket id, rooms and {@code data} back, and the packets it missed, replayed from the rooms'
 * channel history ({@code socket.recovered()} tells). Off by default, as in Node.
 *
 * @param enabled whether sessions are kept for recovery (default false)
 * @param maxDisconnectionDuration how long a session is kept after its connection dropped (default
 *     2 minutes)
 * @param skipMiddlewares whether a recovered connection skips the connection middlewares (default
 *     true)
 */
public record RecoveryOptions(
    boolean enabled, Duration maxDisconnectionDuration, boolean skipMiddlewares) {
  public static final RecoveryOptions DISABLED =
      new RecoveryOptions(false, Duration.ofMinutes(2), true);

  /** Recovery on, with the default duration. */
  public static RecoveryOptions on() {
    return new RecoveryOptions(true, Duration.ofMinutes(2), true);
  }

  public RecoveryOptions withMaxDisconnectionDuration(Duration value) {
    return new RecoveryOptions(enabled, value, skipMiddlewares);
  }
}
