package io.herald.server;

import io.herald.protocol.FrameLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Caps on what one client may ask for, and on how much of the server clients may take. A rate, cap
 * or timeout of {@code 0} is off. See docs/security.md.
 *
 * @param maxChannelsPerRequest channels one SSE stream or poll may name (default 16)
 * @param maxSubscriptionsPerConnection channels one {@code /herald} connection may subscribe to
 *     (default 128)
 * @param maxChannelNameLength longest channel name (default 200)
 * @param maxEventNameLength longest event name (default 128)
 * @param maxPresenceInfoBytes largest presence {@code info} object (default 1024)
 * @param handshakeRate new connections (WebSocket upgrades, SSE streams, polls, Engine.IO
 *     handshakes) one IP address may open per second, on average (default 50)
 * @param handshakeBurst new connections one IP address may open at once before its rate applies
 *     (default 500)
 * @param maxConnectionsPerIp connections one IP address may hold open (default 1000)
 * @param maxConnectionsPerUser connections one authenticated user may hold open (default 100)
 * @param maxConnections connections the whole server holds open; past it new ones are answered 503
 *     (default 100000)
 * @param messageRate messages one connection may send per second, on average (default 100)
 * @param messageBurst messages one connection may send at once before its rate applies (default
 *     200)
 * @param maxDroppedMessages messages over the rate a connection may send within ten seconds before
 *     it is closed (default 50)
 * @param handshakeTimeout how long a request (headers and body) may take to arrive, and a WebSocket
 *     upgrade to be answered (default 10 s)
 * @param idleTimeout how long a keep-alive HTTP connection may wait for its next request (default
 *     60 s)
 */
public record LimitOptions(
    int maxChannelsPerRequest,
    int maxSubscriptionsPerConnection,
    int maxChannelNameLength,
    int maxEventNameLength,
    int maxPresenceInfoBytes,
    int handshakeRate,
    int handshakeBurst,
    int maxConnectionsPerIp,
    int maxConnectionsPerUser,
    int maxConnections,
    int messageRate,
    int messageBurst,
    int maxDroppedMessages,
    Duration handshakeTimeout,
    Duration idleTimeout) {
  public static final LimitOptions DEFAULTS =
      new LimitOptions(
          16,
          128,
          200,
          128,
          1024,
          50,
          500,
          1000,
          100,
          100_000,
          100,
          200,
          50,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60));

  public LimitOptions {
    if (maxChannelsPerRequest < 1 || maxSubscriptionsPerConnection < 1) {
      throw new IllegalArgumentException("channel limits must be >= 1");
    }
    if (handshakeRate < 0
        || handshakeBurst < 0
        || maxConnectionsPerIp < 0
        || maxConnectionsPerUser < 0
        || maxConnections < 0
        || messageRate < 0
        || messageBurst < 0
        || maxDroppedMessages < 0) {
      throw new IllegalArgumentException("rates and connection caps must be >= 0 (0 is off)");
    }
    if ((handshakeRate > 0 && handshakeBurst < 1) || (messageRate > 0 && messageBurst < 1)) {
      throw new IllegalArgumentException("a burst must be >= 1 where its rate is on");
    }
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (handshakeTimeout.isNegative() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must be >= 0 (0 is off)");
    }
  }

  /** The limits the protocol decoders enforce. */
  public FrameLimits frameLimits() {
    return new FrameLimits(maxChannelNameLength, maxEventNameLength, maxPresenceInfoBytes);
  }

  public LimitOptions withMaxChannelsPerRequest(int value) {
    return new LimitOptions(
        value,
        maxSubscriptionsPerConnection,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes,
        handshakeRate,
        handshakeBurst,
        maxConnectionsPerIp,
        maxConnectionsPerUser,
        maxConnections,
        messageRate,
        messageBurst,
        maxDroppedMessages,
        handshakeTimeout,
        idleTimeout);
  }

  public LimitOptions withMaxSubscriptionsPerConnection(int value) {
    return new LimitOptions(
        maxChannelsPerRequest,
        value,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes,
        handshakeRate,
        handshakeBurst,
        maxConnectionsPerIp,
        maxConnectionsPerUser,
        maxConnections,
        messageRate,
        messageBurst,
        maxDroppedMessages,
        handshakeTimeout,
        idleTimeout);
  }

  public LimitOptions withMaxChannelNameLength(int value) {
    return new LimitOptions(
        maxChannelsPerRequest,
        maxSubscriptionsPerConnection,
        value,
        maxEventNameLength,
        maxPresenceInfoBytes,
        handshakeRate,
        handshakeBurst,
        maxConnectionsPerIp,
        maxConnectionsPerUser,
        maxConnections,
        messageRate,
        messageBurst,
        maxDroppedMessages,
        handshakeTimeout,
        idleTimeout);
  }

  /** New connections per IP address: {@code rate} per second after a burst of {@code burst}. */
  public LimitOptions withHandshakeRate(int rate, int burst) {
    return new LimitOptions(
        maxChannelsPerRequest,
        maxSubscriptionsPerConnection,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes,
        rate,
        burst,
        maxConnectionsPerIp,
        maxConnectionsPerUser,
        maxConnections,
        messageRate,
        messageBurst,
        maxDroppedMessages,
        handshakeTimeout,
        idleTimeout);
  }

  /** Open connections per IP address, per user and in all. */
  public LimitOptions withConnectionCaps(int perIp, int perUser, int total) {
    return new LimitOptions(
        maxChannelsPerRequest,
        maxSubscriptionsPerConnection,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes,
        handshakeRate,
        handshakeBurst,
        perIp,
        perUser,
        total,
        messageRate,
        messageBurst,
        maxDroppedMessages,
        handshakeTimeout,
        idleTimeout);
  }

  /**
   * Inbound messages per connection: {@code rate} per second after a burst of {@code burst}; a
   * connection that sends {@code maxDropped} messages over the rate within ten seconds is closed.
   */
  public LimitOptions withMessageRate(int rate, int burst, int maxDropped) {
    return new LimitOptions(
        maxChannelsPerRequest,
        maxSubscriptionsPerConnection,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes,
        handshakeRate,
        handshakeBurst,
        maxConnectionsPerIp,
        maxConnectionsPerUser,
        maxConnections,
        rate,
        burst,
        maxDropped,
        handshakeTimeout,
        idleTimeout);
  }

  public LimitOptions withTimeouts(Duration handshake, Duration idle) {
    return new LimitOptions(
        maxChannelsPerRequest,
        maxSubscriptionsPerConnection,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes,
        handshakeRate,
        handshakeBurst,
        maxConnectionsPerIp,
        maxConnectionsPerUser,
        maxConnections,
        messageRate,
        messageBurst,
        maxDroppedMessages,
        handshake,
        idle);
  }

  /**
   * These limits without the handshake and message rates and the per-IP and per-user caps (for load
   * tests and trusted networks); the global cap and the timeouts stay.
   */
  public LimitOptions withoutRateLimits() {
    return withHandshakeRate(0, handshakeBurst)
        .withMessageRate(0, messageBurst, maxDroppedMessages)
        .withConnectionCaps(0, 0, maxConnections);
  }
}
