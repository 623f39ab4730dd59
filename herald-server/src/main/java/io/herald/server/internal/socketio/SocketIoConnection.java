package io.herald.server.internal.socketio;

import io.herald.protocol.ProtocolException;
import io.herald.protocol.socketio.SocketIoDecoder;
import io.herald.protocol.socketio.SocketIoEncoder;
import io.herald.protocol.socketio.SocketIoLimits;
import io.herald.protocol.socketio.SocketIoPacket;
import io.herald.protocol.socketio.SocketIoPacketType;
import io.herald.server.Principal;
import io.herald.server.internal.engineio.EngineListener;
import io.herald.server.internal.engineio.EngineSession;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO layer of one Engine.IO session (Node's {@code Client}): decodes packets, routes
 * them to the socket of their namespace, starts namespace connections, and closes the session when
 * a client breaks the protocol. Packets are decoded and routed on the session's home loop; {@link
 * #sendFrom} may be called from any thread.
 */
final class SocketIoConnection implements EngineListener {
  private static final Logger log = LoggerFactory.getLogger(SocketIoConnection.class);

  private final SocketIoRuntime runtime;
  private final EngineSession session;
  private final Principal principal;
  private final SocketIoDecoder decoder;
  // Confined to the session's loop.
  private final Map<String, LocalSocket> sockets = new HashMap<>();
  private final Set<String> connecting = new HashSet<>();
  private ScheduledFuture<?> connectTimer;
  private boolean closed;

  SocketIoConnection(SocketIoRuntime runtime, EngineSession session, Principal principal) {
    this.runtime = runtime;
    this.session = session;
    this.principal = principal;
    this.decoder = new SocketIoDecoder(new SocketIoLimits(runtime.options().maxAttachments()));
    // A connection that joins no namespace in time is closed, as in Node.
    this.connectTimer =
        session
            .loop()
            .schedule(
                () -> {
                  if (sockets.isEmpty()) {
                    session.close("forced close");
                  }
                },
                runtime.options().connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  EngineSession session() {
    return session;
  }

  Principal principal() {
    return principal;
  }

  /** Whether the session is still open; on the loop. */
  boolean isOpen() {
    return !closed && !session.isClosed();
  }

  // ---- receiving (on the loop) --------------------------------------------------------------

  @Override
  public void onText(String text) {
    SocketIoPacket packet;
    try {
      packet = decoder.decodeText(text);
    } catch (ProtocolException e) {
      protocolError(e);
      return;
    }
    if (packet != null) {
      onPacket(packet);
    }
  }

  @Override
  public void onBinary(byte[] data) {
    SocketIoPacket packet;
    try {
      packet = decoder.decodeBinary(data);
    } catch (ProtocolException e) {
      protocolError(e);
      return;
    }
    if (packet != null) {
      onPacket(packet);
    }
  }

  private void protocolError(ProtocolException e) {
    log.debug("Socket.IO session {} sent an invalid packet: {}", session.sid(), e.getMessage());
    runtime.invalidPacket();
    session.close("parse error");
  }

  private void onPacket(SocketIoPacket packet) {
    String namespace = packet.namespace();
    LocalSocket socket = sockets.get(namespace);
    if (packet.type() == SocketIoPacketType.CONNECT && socket == null) {
      if (!connecting.add(namespace)) {
        // A second CONNECT while the first is still being checked: the client is confused.
        session.close("parse error");
        return;
      }
      runtime.connect(this, namespace, packet.data());
    } else if (socket != null
        && packet.type() != SocketIoPacketType.CONNECT
        && packet.type() != SocketIoPacketType.CONNECT_ERROR) {
      socket.onPacket(packet);
    } else {
      // A packet for a namespace the client has not joined, or a CONNECT_ERROR from a client:
      // Node closes the connection.
      session.close("parse error");
    }
  }

  // ---- namespace membership (on the loop) ---------------------------------------------------

  /** The namespace refused the connection or the connection gave up on it: it may try again. */
  void connectEnded(String namespace) {
    connecting.remove(namespace);
  }

  /** A socket joined its namespace over this connection. */
  void attach(LocalSocket socket) {
    connecting.remove(socket.namespace());
    sockets.put(socket.namespace(), socket);
    if (connectTimer != null) {
      connectTimer.cancel(false);
      connectTimer = null;
    }
  }

  /** A socket left its namespace. */
  void detach(String namespace, LocalSocket socket) {
    sockets.remove(namespace, socket);
  }

  /**
   * Disconnects every socket of this connection ({@code server namespace disconnect}), then closes
   * the session, as Node's {@code socket.disconnect(true)} does.
   */
  void disconnectAll() {
    for (LocalSocket socket : new ArrayList<>(sockets.values())) {
      socket.disconnectFromServer();
    }
    session.close("forced close");
  }

  // ---- sending ------------------------------------------------------------------------------

  /** Encodes a packet on the calling thread and sends it on the loop; from any thread. */
  void sendFrom(SocketIoPacket packet) {
    sendFrom(packet, false, true);
  }

  /**
   * As {@link #sendFrom(SocketIoPacket)}; a {@code volatile_} packet is dropped when the transport
   * cannot take it at once, and with {@code compress} false it is never compressed.
   */
  void sendFrom(SocketIoPacket packet, boolean volatile_, boolean compress) {
    SocketIoEncoder.Encoded encoded = SocketIoEncoder.encode(packet);
    session.execute(() -> write(encoded, volatile_, compress));
  }

  /** Sends a packet; on the loop. */
  void send(SocketIoPacket packet) {
    write(SocketIoEncoder.encode(packet), false, true);
  }

  private void write(SocketIoEncoder.Encoded encoded, boolean volatile_, boolean compress) {
    if (!isOpen() || (volatile_ && !session.isWritable())) {
      return;
    }
    session.sendText(encoded.text(), compress);
    for (byte[] attachment : encoded.attachments()) {
      session.sendBinary(attachment, compress);
    }
  }

  // ---- closing (on the loop) ----------------------------------------------------------------

  @Override
  public void onClose(String reason) {
    closed = true;
    if (connectTimer != null) {
      connectTimer.cancel(false);
    }
    for (LocalSocket socket : new ArrayList<>(sockets.values())) {
      socket.disconnected(reason);
    }
    sockets.clear();
    connecting.clear();
  }
}
