package io.herald.server.internal.channel;

import io.herald.core.DeliveryLane;
import io.herald.core.Fanout;
import io.herald.core.HistoryRead;
import io.herald.core.Message;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.MessageJson;

/**
 * One channel of one {@code /herald} connection: writes the shared pre-encoded WebSocket frame of
 * each event. Confined to the connection's event loop.
 */
final class ChannelSubscription extends HeldBackSubscriber {
  private final HeraldSocket socket;

  ChannelSubscription(
      HeraldSocket socket, DeliveryLane lane, ClientInfo client, boolean presenceEvents) {
    super(lane, client, presenceEvents);
    this.socket = socket;
  }

  /** Writes the replayed messages, then goes live. */
  void replay(HistoryRead read) {
    for (Message message : read.messages()) {
      socket.reply(
          MessageJson.frame(
              message.channel(),
              message.offset(),
              message.event(),
              message.time(),
              message.portableData()));
    }
    replayed(read.top());
  }

  @Override
  protected void write(Fanout fanout) {
    socket.sendFrame(fanout.encoded(Formats.HERALD_WS).retainedDuplicate());
  }
}
