package io.herald.bench;

import io.herald.bench.client.WsListener;
import io.herald.bench.load.LoadStats;
import io.herald.bench.load.SocketIoSubscriberClient;
import io.herald.bench.load.SubscriberClient;
import java.util.Locale;

/**
 * How the load generator's subscribers connect ({@code --subscriber}). The publisher speaks the
 * {@code /herald} protocol either way: a Socket.IO room of namespace {@code "/"} is the Herald
 * channel of the same name.
 */
enum SubscriberProtocol {
  /** Herald's WebSocket protocol at {@code --path}: a {@code subscribe} frame, then messages. */
  HERALD,

  /**
   * Socket.IO v5 over Engine.IO v4's WebSocket transport at {@code /socket.io/}: joins the room
   * named in its CONNECT auth ({@code 40{"room":…}}), then receives {@code 42[…]} events.
   */
  SOCKETIO;

  /** The WebSocket path the subscribers open. */
  String path(Target target) {
    return this == HERALD ? target.path : SocketIoSubscriberClient.PATH;
  }

  /** Subscriber number {@code i}'s listener; see {@link SubscriberClient}'s parameters. */
  WsListener subscriber(
      LoadStats stats, String channel, boolean sampled, int tenth, Runnable afterDeliveries) {
    return this == HERALD
        ? new SubscriberClient(stats, channel, sampled, tenth, afterDeliveries)
        : new SocketIoSubscriberClient(stats, channel, sampled, tenth, afterDeliveries);
  }

  /** {@code herald} or {@code socketio}, as on the command line and in the report. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
