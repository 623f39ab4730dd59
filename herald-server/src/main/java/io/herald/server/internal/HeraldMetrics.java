package io.herald.server.internal;

import io.herald.core.ChannelEngine;
import io.herald.protocol.ErrorCode;
import io.herald.server.internal.limits.ConnectionLimits;
import io.herald.server.internal.transport.Backpressure;
import io.herald.server.internal.transport.EventLoopLane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Herald's meters in the application's Micrometer registry. All methods are thread-safe and cheap
 * enough for event loops.
 *
 * <ul>
 *   <li>{@code herald.connections{transport}} — open WebSocket connections, SSE streams and waiting
 *       long polls
 *   <li>{@code herald.messages.published} / {@code herald.messages.delivered}
 *   <li>{@code herald.channels.active} — channels with a subscriber on this node
 *   <li>{@code herald.fanout.backlog} — fan-outs waiting on the busiest event loop
 *   <li>{@code herald.errors{code}} — errors sent to clients, by error code or close code
 *   <li>{@code herald.limits{limit}} — connections refused and messages dropped by a limit
 *   <li>{@code herald.connections.admitted} — connections holding a place in the connection caps
 * </ul>
 */
public final class HeraldMetrics {
  /** Transports counted in {@code herald.connections}. */
  public enum Transport {
    WEBSOCKET,
    SSE,
    POLL,
    /** Engine.IO sessions (Socket.IO and raw Engine.IO endpoints), whatever their transport. */
    ENGINE_IO
  }

  private final MeterRegistry registry;
  private final Map<Transport, AtomicInteger> open = new EnumMap<>(Transport.class);
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Counter> limits = new ConcurrentHashMap<>();

  public HeraldMetrics(
      MeterRegistry registry,
      ChannelEngine engine,
      List<EventLoopLane> lanes,
      Backpressure backpressure) {
    this.registry = registry;
    for (Transport transport : Transport.values()) {
      AtomicInteger count = new AtomicInteger();
      open.put(transport, count);
      Gauge.builder("herald.connections", count, AtomicInteger::get)
          .tag("transport", transport.name().toLowerCase(java.util.Locale.ROOT))
          .description("Open connections by transport")
          .register(registry);
    }
    FunctionCounter.builder("herald.messages.published", engine, ChannelEngine::publishedCount)
        .description("Messages published")
        .register(registry);
    FunctionCounter.builder(
            "herald.messages.delivered",
            lanes,
            all -> all.stream().mapToLong(EventLoopLane::deliveredCount).sum())
        .description("Messages delivered to subscribers")
        .register(registry);
    Gauge.builder("herald.fanout.backlog", backpressure, Backpressure::backlog)
        .description("Fan-outs waiting on the busiest event loop")
        .register(registry);
    Gauge.builder("herald.channels.active", engine, ChannelEngine::activeChannels)
        .description("Channels with subscribers on this node")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void opened(Transport transport) {
    open.get(transport).incrementAndGet();
  }

  public void closed(Transport transport) {
    open.get(transport).decrementAndGet();
  }

  /** Open connections of a transport right now. */
  public int openCount(Transport transport) {
    return open.get(transport).get();
  }

  /** Registers {@code herald.connections.admitted}, read from {@code limits}. */
  public void admitted(ConnectionLimits connectionLimits) {
    Gauge.builder("herald.connections.admitted", connectionLimits, ConnectionLimits::admitted)
        .description("Connections holding a place in the connection caps")
        .register(registry);
  }

  /**
   * Counts a refusal or a dropped message by the limit that caused it, e.g. {@code handshake_rate}.
   */
  public void limit(String name) {
    limits
        .computeIfAbsent(
            name,
            n ->
                Counter.builder("herald.limits")
                    .tag("limit", n)
                    .description("Connections refused and messages dropped by limits")
                    .register(registry))
        .increment();
  }

  /** Counts an error sent to a client. */
  public void error(ErrorCode code) {
    error(code.code());
  }

  /** Counts a WebSocket close for a protocol violation. */
  public void closeCode(int code) {
    error("close_" + code);
  }

  private void error(String code) {
    errors
        .computeIfAbsent(
            code,
            c ->
                Counter.builder("herald.errors")
                    .tag("code", c)
                    .description("Errors sent to clients")
                    .register(registry))
        .increment();
  }
}
