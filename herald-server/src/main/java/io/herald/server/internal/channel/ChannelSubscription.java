package io.herald.server.internal.channel;

import io.herald.core.DeliveryLane;
import io.herald.core.Fanout;
import io.herald.core.HistoryRead;
import io.herald.core.Message;
import io.herald.core.Subscriber;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.MessageJson;
import io.herald.protocol.Offset;
import io.herald.server.internal.transport.EventLoopLane;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * One channel of one {@code /herald} connection. Until its replay has been sent it holds back live
 * events; afterwards it writes each message once, skipping those the replay already covered, so the
 * client sees the channel's messages in offset order without gaps or repeats.
 *
 * <p>Confined to the connection's event loop.
 */
final class ChannelSubscription implements Subscriber {
  private final HeraldSocket socket;
  private final EventLoopLane lane;
  private final ClientInfo client;
  private final boolean presenceEvents;
  private final String channel;
  private final ArrayDeque<Fanout> heldBack = new ArrayDeque<>(0);
  private boolean replaying = true;
  private boolean cancelled;
  private Offset last;

  ChannelSubscription(
      HeraldSocket socket,
      EventLoopLane lane,
      ClientInfo client,
      boolean presenceEvents,
      String channel) {
    this.socket = socket;
    this.lane = lane;
    this.client = client;
    this.presenceEvents = presenceEvents;
    this.channel = channel;
  }

  @Override
  public DeliveryLane lane() {
    return lane;
  }

  @Override
  public ClientInfo client() {
    return client;
  }

  @Override
  public boolean presenceEvents() {
    return presenceEvents;
  }

  @Override
  public void deliver(Fanout fanout) {
    if (cancelled) {
      return;
    }
    if (replaying && fanout.event() instanceof Message) {
      heldBack.add(fanout.retain());
      return;
    }
    write(fanout);
  }

  /** The replay was read: send it, then whatever was held back. */
  void replayed(HistoryRead read) {
    for (Message message : read.messages()) {
      byte[] frame =
          MessageJson.frame(
              message.channel(), message.offset(), message.event(), message.time(), message.data());
      socket.reply(frame);
    }
    last = read.top();
    replaying = false;
    Fanout fanout;
    while ((fanout = heldBack.poll()) != null) {
      try {
        write(fanout);
      } finally {
        fanout.release();
      }
    }
  }

  boolean isCancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
    Fanout fanout;
    while ((fanout = heldBack.poll()) != null) {
      fanout.release();
    }
  }

  private void write(Fanout fanout) {
    if (fanout.event() instanceof Message message) {
      Offset offset = message.offset();
      if (last != null && last.covers(offset)) {
        return;
      }
      last = offset;
    }
    ByteBuf frame = fanout.encoded(Formats.HERALD_WS);
    socket.sendFrame(frame.retainedDuplicate());
  }

  @Override
  public String toString() {
    return "ChannelSubscription[" + channel + ", " + client.client() + "]";
  }
}
