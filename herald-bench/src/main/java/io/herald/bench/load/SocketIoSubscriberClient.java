package io.herald.bench.load;

import io.herald.bench.client.Clients;
import io.herald.bench.client.Json;
import io.herald.bench.client.WsConnection;
import io.herald.bench.client.WsListener;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * One Socket.IO subscriber over Engine.IO v4's WebSocket transport (connect its {@link
 * WsConnection} to {@link #PATH}): on the Engine.IO open packet ({@code 0{"sid":…}}) it connects to
 * the main namespace with {@code 40{"room":"<channel>"}}, the auth payload from which the bench
 * servers join the socket to that room; the CONNECT answer ({@code 40{"sid":…}}) counts as
 * subscribed, a CONNECT_ERROR ({@code 44…}) as an error, after which it closes. It answers every
 * Engine.IO ping ({@code 2}) with a pong ({@code 3}), and counts each EVENT of the main namespace
 * ({@code 42[…]}) as one delivery; a sampled subscriber also reads the publish time {@code "t"}
 * from the event's data and records the latency ({@link Deliveries}, shared with {@link
 * SubscriberClient}).
 *
 * <p>Each packet is classified by its first bytes (Engine.IO packet type, Socket.IO packet type); a
 * delivery allocates nothing. Runs on its event loop.
 *
 * <p>Protocols: socket.io monorepo, {@code docs/engine.io-protocol/v4-current.md} (packet types: 0
 * open, 1 close, 2 ping, 3 pong, 4 message) and {@code docs/socket.io-protocol/v5-current.md} (0
 * CONNECT, 2 EVENT, 4 CONNECT_ERROR, without a namespace when it is {@code "/"}).
 */
public final class SocketIoSubscriberClient implements WsListener, Clients.ReadyAware {
  /** The Engine.IO v4 WebSocket endpoint of a Socket.IO server at its default path. */
  public static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  private static final byte[] PONG = {'3'};

  private final LoadStats stats;
  private final byte[] connect;
  private final Deliveries deliveries;
  private Clients.Ready ready;
  private boolean connected;

  /**
   * @param channel the room to join, named in the CONNECT auth payload
   * @param sampled whether to record the latency of every delivery
   * @param tenth which tenth of the subscribers (in subscription order) this one is in, for {@link
   *     LoadStats#byPosition}; -1 to not record it there
   * @param afterDeliveries called on the event loop after a read that brought events (the windowed
   *     publisher's wake-up), or {@code null}
   */
  public SocketIoSubscriberClient(
      LoadStats stats, String channel, boolean sampled, int tenth, Runnable afterDeliveries) {
    this.stats = stats;
    this.connect = ("40{\"room\":\"" + channel + "\"}").getBytes(StandardCharsets.UTF_8);
    this.deliveries = new Deliveries(stats, sampled, tenth, afterDeliveries);
  }

  @Override
  public void readyWith(Clients.Ready ready) {
    this.ready = ready;
  }

  @Override
  public void onText(WsConnection connection, ByteBuf buffer, int index, int length) {
    if (length == 0) {
      return;
    }
    byte engineType = buffer.getByte(index);
    if (engineType == '4' && length >= 3) {
      byte socketType = buffer.getByte(index + 1);
      // EVENT of the main namespace without an ack id: 42[ — the hot path.
      if (socketType == '2' && buffer.getByte(index + 2) == '[') {
        deliveries.received(buffer, index, length);
        return;
      }
      if (socketType == '0' && !connected) {
        connected = true;
        stats.subscribed.incrementAndGet();
        ready.ready();
        return;
      }
      if (socketType == '4') {
        // CONNECT_ERROR: refused by a middleware; the Engine.IO session stays open, so close it.
        stats.error(Json.text(buffer, index, length));
        connection.channel().close();
        return;
      }
      return;
    }
    switch (engineType) {
      case '2' -> connection.send(PONG);
      case '0' -> connection.send(connect);
      default -> {
        // 1 close (the connection ends next), 6 noop: nothing to count.
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
