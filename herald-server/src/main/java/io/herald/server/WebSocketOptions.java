package io.herald.server;

import java.time.Duration;

/**
 * WebSocket settings, for {@code /herald} and every application endpoint.
 *
 * @param pingInterval how often the server pings (default 25 s)
 * @param pingTimeout how much longer than {@code pingInterval} a peer may stay silent before it is
 *     closed with 4000 (default 20 s)
 * @param compression whether permessage-deflate (RFC 7692) is offered (default false)
 * @param compressionThreshold messages smaller than this many bytes are sent uncompressed (default
 *     1024)
 */
public record WebSocketOptions(
    Duration pingInterval, Duration pingTimeout, boolean compression, int compressionThreshold) {
  public static final WebSocketOptions DEFAULTS =
      new WebSocketOptions(Duration.ofSeconds(25), Duration.ofSeconds(20), false, 1024);

  public WebSocketOptions {
    if (pingInterval.toMillis() < 10 || pingTimeout.toMillis() < 10) {
      throw new IllegalArgumentException("pingInterval and pingTimeout must be >= 10 ms");
    }
    if (compressionThreshold < 0) {
      throw new IllegalArgumentException("compressionThreshold must be >= 0");
    }
  }

  public WebSocketOptions withPing(Duration interval, Duration timeout) {
    return new WebSocketOptions(interval, timeout, compression, compressionThreshold);
  }

  public WebSocketOptions withCompression(boolean enabled, int threshold) {
    return new WebSocketOptions(pingInterval, pingTimeout, enabled, threshold);
  }
}
