package io.herald.server.internal.socketio;

import io.herald.core.DeliveryLane;
import io.herald.core.Fanout;
import io.herald.core.Message;
import io.herald.protocol.ClientInfo;
import io.herald.server.internal.channel.HeldBackSubscriber;

/**
 * One room of one socket: the subscription to the room's channel. Messages go to the socket, which
 * filters them (duplicates across rooms, {@code except}, {@code volatile}) and writes the shared
 * pre-encoded frames; presence changes are not part of Socket.IO and are not written. Confined to
 * the socket's event loop.
 */
final class RoomSubscription extends HeldBackSubscriber {
  private final LocalSocket socket;

  /**
   * @param presence how the socket appears in the room's presence, or {@code null} for not
   */
  RoomSubscription(LocalSocket socket, DeliveryLane lane, ClientInfo presence) {
    super(lane, presence, false);
    this.socket = socket;
  }

  @Override
  protected void write(Fanout fanout) {
    if (fanout.event() instanceof Message message) {
      socket.deliver(fanout, message);
    }
  }
}
