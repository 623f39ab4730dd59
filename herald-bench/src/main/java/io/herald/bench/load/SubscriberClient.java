package io.herald.bench.load;

import io.herald.bench.client.Clients;
import io.herald.bench.client.Json;
import io.herald.bench.client.WsConnection;
import io.herald.bench.client.WsListener;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * One subscriber connection: subscribes to one channel when the connection opens, then counts the
 * {@code message} frames it receives. A sampled subscriber also reads the publish time {@code t}
 * from each message's data and records the latency. Runs on its event loop.
 */
public final class SubscriberClient implements WsListener, Clients.ReadyAware {
  private final LoadStats stats;
  private final byte[] subscribe;
  private final Deliveries deliveries;
  private Clients.Ready ready;

  /**
   * @param afterDeliveries called on the event loop after a read that brought messages (the
   *     windowed publisher's wake-up), or {@code null}
   */
  public SubscriberClient(
      LoadStats stats, String channel, boolean sampled, Runnable afterDeliveries) {
    this(stats, channel, sampled, -1, afterDeliveries);
  }

  /**
   * @param tenth which tenth of the subscribers (in subscription order) this one is in, for {@link
   *     LoadStats#byPosition}; -1 to not record it there
   */
  public SubscriberClient(
      LoadStats stats, String channel, boolean sampled, int tenth, Runnable afterDeliveries) {
    this.stats = stats;
    this.subscribe =
        ("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\"}").getBytes(StandardCharsets.UTF_8);
    this.deliveries = new Deliveries(stats, sampled, tenth, afterDeliveries);
  }

  @Override
  public void readyWith(Clients.Ready ready) {
    this.ready = ready;
  }

  @Override
  public void onOpen(WsConnection connection) {
    connection.send(subscribe);
  }

  @Override
  public void onText(WsConnection connection, ByteBuf buffer, int index, int length) {
    if (Json.isMessage(buffer, index, length)) {
      deliveries.received(buffer, index, length);
      return;
    }
    switch (Json.type(buffer, index, length)) {
      case "subscribed" -> {
        stats.subscribed.incrementAndGet();
        ready.ready();
      }
      case "error" -> stats.error(Json.text(buffer, index, length));
      default -> {
        // connected, join/leave: nothing to count.
      }
    }
  }

  @Override
  public void onReadComplete(WsConnection connection) {
    deliveries.readComplete();
  }

  @Override
  public void onClosed(WsConnection connection, int code, String reason) {
    stats.closed(code, reason);
    if (ready != null) {
      ready.ready();
    }
  }
}
