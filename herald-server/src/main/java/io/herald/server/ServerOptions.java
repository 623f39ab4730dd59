package io.herald.server;

import io.herald.server.internal.transport.TrustedProxies;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Network and HTTP settings.
 *
 * @param host address to bind (default {@code 0.0.0.0}, every interface)
 * @param port TCP port (default 3000; 0 picks a free port, see {@link Herald#port()})
 * @param ioThreads Netty event loops (default 0: one per available processor)
 * @param maxMessageSize largest HTTP body, WebSocket frame or WebSocket message in bytes (default 1
 *     MiB)
 * @param maxHeaderSize largest total size of an HTTP request's headers (default 8 KiB)
 * @param maxInitialLineLength longest HTTP request line (default 4 KiB)
 * @param writeHighWaterMark outbound bytes queued on one connection before it counts as slow
 *     (default 512 KiB)
 * @param slowConsumerLimit outbound bytes queued on one connection before it is disconnected as a
 *     slow consumer (default 4 MiB)
 * @param shutdownTimeout how long {@link Herald#stop()} waits for connections to close after
 *     telling them to (default 5 s)
 * @param clientScript whether {@code /herald.js} (the browser client) is served (default true)
 * @param trustedProxies addresses and CIDR ranges (e.g. {@code 10.0.0.0/8}) of reverse proxies
 *     whose {@code X-Forwarded-For} header names the client (default none: the client is the TCP
 *     peer). The client address is what the per-address limits count and handshakes and requests
 *     report.
 */
public record ServerOptions(
    String host,
    int port,
    int ioThreads,
    int maxMessageSize,
    int maxHeaderSize,
    int maxInitialLineLength,
    int writeHighWaterMark,
    int slowConsumerLimit,
    Duration shutdownTimeout,
    boolean clientScript,
    List<String> trustedProxies) {
  public static final ServerOptions DEFAULTS =
      new ServerOptions(
          "0.0.0.0",
          3000,
          0,
          1 << 20,
          8192,
          4096,
          512 << 10,
          4 << 20,
          Duration.ofSeconds(5),
          true,
          List.of());

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    if (ioThreads < 0 || maxMessageSize < 1024 || maxHeaderSize < 1024) {
      throw new IllegalArgumentException(
          "ioThreads >= 0, maxMessageSize >= 1024 and maxHeaderSize >= 1024 required");
    }
    if (maxInitialLineLength < 256 || writeHighWaterMark < 1024) {
      throw new IllegalArgumentException(
          "maxInitialLineLength >= 256 and writeHighWaterMark >= 1024 required");
    }
    if (slowConsumerLimit < writeHighWaterMark) {
      throw new IllegalArgumentException("slowConsumerLimit must be >= writeHighWaterMark");
    }
    trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    TrustedProxies.of(trustedProxies);
  }

  public ServerOptions withHost(String value) {
    return new ServerOptions(
        value,
        port,
        ioThreads,
        maxMessageSize,
        maxHeaderSize,
        maxInitialLineLength,
        writeHighWaterMark,
        slowConsumerLimit,
        shutdownTimeout,
        clientScript,
        trustedProxies);
  }

  public ServerOptions withPort(int value) {
    return new ServerOptions(
        host,
        value,
        ioThreads,
        maxMessageSize,
        maxHeaderSize,
        maxInitialLineLength,
        writeHighWaterMark,
        slowConsumerLimit,
        shutdownTimeout,
        clientScript,
        trustedProxies);
  }

  public ServerOptions withIoThreads(int value) {
    return new ServerOptions(
        host,
        port,
        value,
        maxMessageSize,
        maxHeaderSize,
        maxInitialLineLength,
        writeHighWaterMark,
        slowConsumerLimit,
        shutdownTimeout,
        clientScript,
        trustedProxies);
  }

  public ServerOptions withMaxMessageSize(int value) {
    return new ServerOptions(
        host,
        port,
        ioThreads,
        value,
        maxHeaderSize,
        maxInitialLineLength,
        writeHighWaterMark,
        slowConsumerLimit,
        shutdownTimeout,
        clientScript,
        trustedProxies);
  }

  public ServerOptions withWriteLimits(int highWaterMark, int slowConsumer) {
    return new ServerOptions(
        host,
        port,
        ioThreads,
        maxMessageSize,
        maxHeaderSize,
        maxInitialLineLength,
        highWaterMark,
        slowConsumer,
        shutdownTimeout,
        clientScript,
        trustedProxies);
  }

  public ServerOptions withShutdownTimeout(Duration value) {
    return new ServerOptions(
        host,
        port,
        ioThreads,
        maxMessageSize,
        maxHeaderSize,
        maxInitialLineLength,
        writeHighWaterMark,
        slowConsumerLimit,
        value,
        clientScript,
        trustedProxies);
  }

  /** These options with {@code value} as the trusted proxies (see {@link #trustedProxies()}). */
  public ServerOptions withTrustedProxies(List<String> value) {
    return new ServerOptions(
        host,
        port,
        ioThreads,
        maxMessageSize,
        maxHeaderSize,
        maxInitialLineLength,
        writeHighWaterMark,
        slowConsumerLimit,
        shutdownTimeout,
        clientScript,
        value);
  }
}
