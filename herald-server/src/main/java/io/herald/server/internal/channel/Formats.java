package io.herald.server.internal.channel;

import io.herald.core.ChannelEvent;
import io.herald.core.Message;
import io.herald.core.PresenceChange;
import io.herald.core.WireFormat;
import io.herald.protocol.Cursor;
import io.herald.protocol.MessageJson;
import io.herald.protocol.PollJson;
import io.herald.protocol.ServerFrames;
import io.herald.protocol.SseFormat;
import io.herald.server.internal.transport.SseStream;
import io.herald.server.internal.transport.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * The wire formats of channel events. Each is encoded at most once per event (see {@link
 * io.herald.core.Fanout}) into one direct buffer that every subscriber of the format writes a
 * retained duplicate of.
 */
final class Formats {
  private Formats() {}

  /** A complete WebSocket text frame of the Herald protocol ({@code message}, {@code join}…). */
  static final WireFormat<ByteBuf> HERALD_WS =
      new BufferFormat() {
        @Override
        protected ByteBuf encode(ChannelEvent event) {
          byte[] json =
              switch (event) {
                case Message m ->
                    MessageJson.frame(
                        m.channel(), m.offset(), m.event(), m.time(), m.portableData());
                case PresenceChange p ->
                    ServerFrames.presenceChange(p.joined(), p.channel(), p.client());
              };
          return WsFrames.frame(ByteBufAllocator.DEFAULT, WsFrames.OPCODE_TEXT, json);
        }
      };

  /**
   * An SSE event as one HTTP chunk, with the message's offset as {@code id:}: what a stream of a
   * single channel sends. Presence changes carry no id.
   */
  static final WireFormat<ByteBuf> SSE_WITH_ID =
      new BufferFormat() {
        @Override
        protected ByteBuf encode(ChannelEvent event) {
          return sse(event, true);
        }
      };

  /**
   * An SSE event as one HTTP chunk without {@code id:}: streams of several channels write their own
   * id line (the stream's cursor) before it.
   */
  static final WireFormat<ByteBuf> SSE_WITHOUT_ID =
      new BufferFormat() {
        @Override
        protected ByteBuf encode(ChannelEvent event) {
          return sse(event, false);
        }
      };

  /** The body of a long-poll response holding just this message, for polls of a single channel. */
  static final WireFormat<ByteBuf> POLL_SINGLE =
      new BufferFormat() {
        @Override
        protected ByteBuf encode(ChannelEvent event) {
          if (!(event instanceof Message m)) {
            return null;
          }
          byte[] body =
              PollJson.response(List.of(envelope(m)), Cursor.of(List.of(m.offset())), true);
          return ByteBufAllocator.DEFAULT.directBuffer(body.length).writeBytes(body);
        }
      };

  static byte[] envelope(Message m) {
    return MessageJson.envelope(m.channel(), m.offset(), m.event(), m.time(), m.portableData());
  }

  /** The SSE event text of a channel event. */
  static byte[] sseEvent(ChannelEvent event, String id) {
    return switch (event) {
      case Message m -> SseFormat.event(id, m.event(), envelope(m));
      case PresenceChange p ->
          SseFormat.event(
              null,
              p.joined() ? "herald.join" : "herald.leave",
              ServerFrames.presenceChangeObject(p.channel(), p.client()));
    };
  }

  private static ByteBuf sse(ChannelEvent event, boolean withId) {
    String id = withId && event instanceof Message m ? m.offset().toString() : null;
    return SseStream.chunk(ByteBufAllocator.DEFAULT, sseEvent(event, id));
  }

  /** A format whose encodings are reference-counted buffers. */
  private abstract static class BufferFormat extends WireFormat<ByteBuf> {
    @Override
    protected void release(ByteBuf encoded) {
      encoded.release();
    }
  }
}
