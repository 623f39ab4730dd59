package io.herald.server.internal.engineio;

import io.herald.protocol.ProtocolException;
import io.herald.protocol.engineio.EngineCodec;
import io.herald.protocol.engineio.EnginePacket;
import io.herald.server.internal.transport.CloseCodes;
import io.herald.server.internal.transport.LoopResources;
import io.herald.server.internal.transport.WebSocketSession;
import io.herald.server.internal.transport.WebSocketSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket transport of an Engine.IO session: one packet per frame (text frames are typed
 * packets, binary frames binary messages). Either the session's transport from the start, or a
 * probe that upgrades a polling session. Runs on the session's home loop.
 */
final class EngineWebSocket extends WebSocketSession {
  private final EngineSession session;
  private final boolean upgrade;

  EngineWebSocket(
      EngineSession session, boolean upgrade, LoopResources loop, WebSocketSettings settings) {
    super(loop, settings);
    this.session = session;
    this.upgrade = upgrade;
  }

  @Override
  protected void onOpen() {
    if (upgrade) {
      session.openedProbe(this);
    } else {
      session.openedWebSocket(this);
    }
  }

  @Override
  protected void onText(ByteBuf text) {
    EnginePacket packet;
    try {
      packet = EngineCodec.decodeFrame(text.toString(StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      closeWith(CloseCodes.PROTOCOL_ERROR, "invalid packet");
      session.onWebSocketError(this);
      return;
    }
    session.onWebSocketPacket(this, packet);
  }

  @Override
  protected void onBinary(ByteBuf data) {
    session.onWebSocketPacket(this, EngineCodec.decodeFrame(ByteBufUtil.getBytes(data)));
  }

  @Override
  protected void onServerShutdown() {
    session.close("server shutting down");
  }

  @Override
  protected void onClosed(int code, String reason) {
    session.onWebSocketClosed(this);
  }
}
