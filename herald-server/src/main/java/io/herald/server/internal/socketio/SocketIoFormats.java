package io.herald.server.internal.socketio;

import io.herald.core.ChannelEvent;
import io.herald.core.Message;
import io.herald.core.WireFormat;
import io.herald.protocol.Json;
import io.herald.server.internal.transport.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A channel message as a Socket.IO EVENT packet inside an Engine.IO message packet, encoded once
 * per broadcast for every socket of a transport: as WebSocket frames (the text packet, then one
 * binary frame per attachment) or as long-polling payload packets ({@code b}+base64 for
 * attachments). With connection state recovery on, the message's offset is appended as the last
 * argument, as the Node server does, so the client can resume from it.
 */
final class SocketIoFormats {
  private SocketIoFormats() {}

  static final WireFormat<ByteBuf[]> WEBSOCKET = new FrameFormat(false);
  static final WireFormat<ByteBuf[]> WEBSOCKET_WITH_OFFSET = new FrameFormat(true);
  static final WireFormat<List<String>> POLLING = new PollingFormat(false);
  static final WireFormat<List<String>> POLLING_WITH_OFFSET = new PollingFormat(true);

  /**
   * The Engine.IO message text of a channel message: {@code 4} + the Socket.IO packet, e.g. {@code
   * 42["news",{…}]} or {@code 451-/admin,["file",{"_placeholder":true,"num":0}]}.
   */
  static String packetText(Message message, boolean withOffset) {
    String namespace = RoomChannels.namespaceOf(message.channel());
    int attachments = message.extras().attachments().size();
    StringBuilder text = new StringBuilder(64 + message.data().size());
    text.append('4').append(attachments > 0 ? '5' : '2');
    if (attachments > 0) {
      text.append(attachments).append('-');
    }
    if (!namespace.equals("/")) {
      text.append(namespace).append(',');
    }
    text.append('[').append(new String(Json.quote(message.event()), StandardCharsets.UTF_8));
    String data = message.data().toString();
    if (message.extras().spread()) {
      // The data is the argument list itself: splice its elements in.
      String inner = data.substring(1, data.length() - 1);
      if (!inner.isEmpty()) {
        text.append(',').append(inner);
      }
    } else {
      text.append(',').append(data);
    }
    if (withOffset) {
      text.append(",\"").append(message.offset()).append('"');
    }
    return text.append(']').toString();
  }

  /** The WebSocket frames of a message: its packet text, then one binary frame per attachment. */
  static ByteBuf[] frames(Message message, boolean withOffset) {
    List<byte[]> attachments = message.extras().attachments();
    ByteBuf[] frames = new ByteBuf[1 + attachments.size()];
    frames[0] =
        WsFrames.frame(
            ByteBufAllocator.DEFAULT,
            WsFrames.OPCODE_TEXT,
            packetText(message, withOffset).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < attachments.size(); i++) {
      frames[i + 1] =
          WsFrames.frame(ByteBufAllocator.DEFAULT, WsFrames.OPCODE_BINARY, attachments.get(i));
    }
    return frames;
  }

  /**
   * The long-polling packets of a message: its packet text, then {@code b}+base64 per attachment.
   */
  static List<String> pollingPackets(Message message, boolean withOffset) {
    List<byte[]> attachments = message.extras().attachments();
    List<String> packets = new ArrayList<>(1 + attachments.size());
    packets.add(packetText(message, withOffset));
    for (byte[] attachment : attachments) {
      packets.add("b" + Base64.getEncoder().encodeToString(attachment));
    }
    return List.copyOf(packets);
  }

  private static final class FrameFormat extends WireFormat<ByteBuf[]> {
    private final boolean withOffset;

    FrameFormat(boolean withOffset) {
      this.withOffset = withOffset;
    }

    @Override
    protected ByteBuf[] encode(ChannelEvent event) {
      return event instanceof Message message ? frames(message, withOffset) : null;
    }

    @Override
    protected void release(ByteBuf[] frames) {
      for (ByteBuf frame : frames) {
        frame.release();
      }
    }
  }

  private static final class PollingFormat extends WireFormat<List<String>> {
    private final boolean withOffset;

    PollingFormat(boolean withOffset) {
      this.withOffset = withOffset;
    }

    @Override
    protected List<String> encode(ChannelEvent event) {
      return event instanceof Message message ? pollingPackets(message, withOffset) : null;
    }
  }
}
