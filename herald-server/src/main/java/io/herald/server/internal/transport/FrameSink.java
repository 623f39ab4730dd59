package io.herald.server.internal.transport;

import io.netty.buffer.ByteBuf;

/** A WebSocket connection that accepts pre-encoded frames; confined to its event loop. */
public interface FrameSink {
  /**
   * Sends one encoded frame (see {@link WsFrames}), taking over its reference. Inside a lane drain
   * the flush happens at the end of the drain.
   */
  void sendFrame(ByteBuf frame);
}
