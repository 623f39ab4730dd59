package io.herald.server.socketio;

import java.time.Duration;

/**
 * Engine.IO v4 settings (the transport layer under Socket.IO). Defaults are the Node server's.
 *
 * @param pingInterval how often the server pings (default 25 s)
 * @param pingTimeout how long the server waits for the pong (default 20 s)
 * @param maxPayload largest HTTP long-polling body and WebSocket message, in bytes (default
 *     1,000,000); advertised to clients in the open packet
 * @param upgradeTimeout how long an upgrade from polling to WebSocket may take (default 10 s)
 * @param cors which other origins may connect (default: those of the server's {@code
 *     OriginOptions})
 * @param cookie the sticky-session cookie, or {@code null} for none (the default)
 */
public record EngineIoOptions(
    Duration pingInterval,
    Duration pingTimeout,
    int maxPayload,
    Duration upgradeTimeout,
    CorsOptions cors,
    CookieOptions cookie) {
  public static final EngineIoOptions DEFAULTS =
      new EngineIoOptions(
          Duration.ofSeconds(25),
          Duration.ofSeconds(20),
          1_000_000,
          Duration.ofSeconds(10),
          CorsOptions.NONE,
          null);

  public EngineIoOptions {
    if (pingInterval.toMillis() < 10 || pingTimeout.toMillis() < 10) {
      throw new IllegalArgumentException("pingInterval and pingTimeout must be >= 10 ms");
    }
    if (maxPayload < 1024) {
      throw new IllegalArgumentException("maxPayload must be >= 1024");
    }
  }

  public EngineIoOptions withPing(Duration interval, Duration timeout) {
    return new EngineIoOptions(interval, timeout, maxPayload, upgradeTimeout, cors, cookie);
  }

  public EngineIoOptions withMaxPayload(int value) {
    return new EngineIoOptions(pingInterval, pingTimeout, value, upgradeTimeout, cors, cookie);
  }

  public EngineIoOptions withCors(CorsOptions value) {
    return new EngineIoOptions(
        pingInterval, pingTimeout, maxPayload, upgradeTimeout, value, cookie);
  }

  public EngineIoOptions withCookie(CookieOptions value) {
    return new EngineIoOptions(pingInterval, pingTimeout, maxPayload, upgradeTimeout, cors, value);
  }
}
