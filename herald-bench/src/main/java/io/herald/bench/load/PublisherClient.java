package io.herald.bench.load;

import io.herald.bench.client.Clients;
import io.herald.bench.client.Json;
import io.herald.bench.client.WsConnection;
import io.herald.bench.client.WsListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The publishing connection. It publishes {@code tick} events to one channel, each stamped with
 * {@link System#nanoTime()} in {@code data.t}, in one of two modes:
 *
 * <ul>
 *   <li><b>window</b> — as fast as the server takes them, with at most {@code window} messages in
 *       flight. A message is in flight until it is acknowledged <i>and</i> delivered to every
 *       subscriber (counted as total deliveries / subscribers). The ack alone does not bound the
 *       fan-out: Herald acknowledges a publish once it has an offset, before the fan-out has
 *       written a byte, so with an ack-only window ({@code ackWindow}) the subscribers' queues are
 *       bounded only by the server's own slow-consumer policy.
 *   <li><b>rate</b> — {@code rate} messages per second on a fixed schedule; a message whose turn
 *       comes while {@code window} messages are still in flight is skipped and counted, so an
 *       overloaded server shows as skipped messages rather than as unbounded queues.
 * </ul>
 *
 * <p>Everything but {@link #start}, {@link #stop} and {@link #wake} runs on the connection's event
 * loop.
 */
public final class PublisherClient implements WsListener, Clients.ReadyAware {
  private final LoadStats stats;
  private final LongSupplier subscribers;
  private final int window;
  private final boolean ackWindow;
  private final double rate;
  private final byte[] prefix;
  private final byte[] middle;
  private final byte[] suffix;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final Histogram lateness = new Histogram(3);
  private Clients.Ready ready;
  private WsConnection connection;
  private volatile boolean running;
  private ScheduledFuture<?> ticker;
  private long startNanos;
  private long nextId;
  private volatile long published;
  private volatile long acked;
  private volatile long skipped;

  /**
   * @param subscribers how many subscribers should receive each message
   * @param window most messages in flight
   * @param ackWindow count a message as in flight only until its ack (not until delivered)
   * @param rate messages per second, or 0 for the window mode
   * @param padBytes length of the {@code pad} string in each message's data
   */
  public PublisherClient(
      LoadStats stats,
      String channel,
      LongSupplier subscribers,
      int window,
      boolean ackWindow,
      double rate,
      int padBytes) {
    this.stats = stats;
    this.subscribers = subscribers;
    this.window = window;
    this.ackWindow = ackWindow;
    this.rate = rate;
    this.prefix = "{\"op\":\"publish\",\"id\":".getBytes(StandardCharsets.US_ASCII);
    this.middle =
        (",\"channel\":\"" + channel + "\",\"event\":\"tick\",\"data\":{\"t\":")
            .getBytes(StandardCharsets.UTF_8);
    this.suffix = (",\"pad\":\"" + "x".repeat(padBytes) + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void readyWith(Clients.Ready ready) {
    this.ready = ready;
  }

  @Override
  public void onOpen(WsConnection connection) {
    this.connection = connection;
    ready.ready();
  }

  /** Starts publishing; from any thread. */
  public void start() {
    EventLoop loop = connection.channel().eventLoop();
    loop.execute(
        () -> {
          running = true;
          startNanos = System.nanoTime();
          if (rate > 0) {
            long period = Math.max(200_000L, Math.min(1_000_000L, (long) (1e9 / rate)));
            ticker = loop.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
          } else {
            pump();
          }
        });
  }

  /** Stops publishing; from any thread, waiting (up to a second) until the loop has stopped. */
  public void stop() {
    running = false;
    connection
        .channel()
        .eventLoop()
        .submit(
            () -> {
              if (ticker != null) {
                ticker.cancel(false);
              }
            })
        .awaitUninterruptibly(1, TimeUnit.SECONDS);
  }

  /** Lets the windowed publisher send again after deliveries; from any thread. */
  public void wake() {
    if (!running || rate > 0) {
      return;
    }
    EventLoop loop = connection.channel().eventLoop();
    if (loop.inEventLoop()) {
      pump();
    } else if (wakePending.compareAndSet(false, true)) {
      loop.execute(
          () -> {
            wakePending.set(false);
            pump();
          });
    }
  }

  public long published() {
    return published;
  }

  public long acked() {
    return acked;
  }

  public long skipped() {
    return skipped;
  }

  /** How late the fixed-rate sends were against their schedule; read after {@link #stop}. */
  public Histogram lateness() {
    return lateness;
  }

  @Override
  public void onText(WsConnection connection, ByteBuf buffer, int index, int length) {
    switch (Json.type(buffer, index, length)) {
      case "ack" -> acked++;
      case "error" -> stats.error(Json.text(buffer, index, length));
      default -> {
        // connected; a publisher subscribes to nothing.
      }
    }
  }

  @Override
  public void onReadComplete(WsConnection connection) {
    wake();
  }

  @Override
  public void onClosed(WsConnection connection, int code, String reason) {
    running = false;
    stats.closed(code, reason);
    if (ready != null) {
      ready.ready();
    }
  }

  private long inFlight() {
    if (ackWindow) {
      return published - acked;
    }
    long n = Math.max(1, subscribers.getAsLong());
    long complete = Math.min(acked, stats.deliveries.get() / n);
    return published - complete;
  }

  private void pump() {
    if (!running || !connection.isOpen()) {
      return;
    }
    int sent = 0;
    while (sent < window && inFlight() < window) {
      send();
      sent++;
    }
    if (sent > 0) {
      connection.flush();
    }
  }

  private void tick() {
    if (!running || !connection.isOpen()) {
      return;
    }
    long now = System.nanoTime();
    long due = (long) ((now - startNanos) * rate / 1e9) + 1;
    int sent = 0;
    // published + skipped counts every turn taken so far; catch up on missed turns, boundedly.
    while (published + skipped < due && sent < 10_000) {
      long turn = published + skipped;
      if (inFlight() >= window) {
        skipped++;
        continue;
      }
      long intended = startNanos + (long) (turn * 1e9 / rate);
      lateness.recordValue(Math.max(0, now - intended));
      send();
      sent++;
    }
    if (sent > 0) {
      connection.flush();
    }
  }

  private void send() {
    long id = ++nextId;
    byte[] idBytes = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
    byte[] t = Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
    byte[] frame =
        new byte[prefix.length + idBytes.length + middle.length + t.length + suffix.length];
    int at = 0;
    System.arraycopy(prefix, 0, frame, at, prefix.length);
    at += prefix.length;
    System.arraycopy(idBytes, 0, frame, at, idBytes.length);
    at += idBytes.length;
    System.arraycopy(middle, 0, frame, at, middle.length);
    at += middle.length;
    System.arraycopy(t, 0, frame, at, t.length);
    at += t.length;
    System.arraycopy(suffix, 0, frame, at, suffix.length);
    connection.write(frame);
    published++;
  }
}
