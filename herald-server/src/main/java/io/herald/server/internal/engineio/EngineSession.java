package io.herald.server.internal.engineio;

import io.herald.protocol.ProtocolException;
import io.herald.protocol.engineio.EngineCodec;
import io.herald.protocol.engineio.EnginePacket;
import io.herald.protocol.engineio.EnginePacketType;
import io.herald.server.Handshake;
import io.herald.server.internal.limits.ConnectionLease;
import io.herald.server.internal.limits.MessageLimiter;
import io.herald.server.internal.transport.CloseCodes;
import io.herald.server.internal.transport.EventLoopLane;
import io.herald.server.internal.transport.Expiry;
import io.herald.server.internal.transport.Flushable;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.herald.server.internal.transport.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO v4 session: its transport (HTTP long-polling, WebSocket, or polling upgrading to
 * WebSocket), the packets waiting for the next poll, and the heartbeat. Confined to its home event
 * loop, the loop of the request that opened it; requests arriving on other loops hop here, and an
 * upgrading WebSocket connection is moved to this loop.
 */
public final class EngineSession implements Flushable {
  private static final String SEPARATOR = "\u001e";

  /**
   * How long a long-polling session closed by the client stays known when no poll was waiting: a
   * poll that was already on its way (over another connection, so possibly overtaken by the close)
   * still gets the noop that ends it, instead of an unknown-session error.
   */
  private static final long CLOSED_POLL_GRACE_MILLIS = 1000;

  private final String sid;
  private final EngineSettings settings;
  private final EngineSessions registry;
  private final Handshake handshake;
  private final boolean secure;
  private final EventLoop loop;
  private final EventLoopLane lane;
  private EngineListener listener;

  private EngineWebSocket socket;
  private EngineWebSocket probe;
  private boolean upgrading;
  private ScheduledFuture<?> upgradeTimer;

  private HttpExchange pendingGet;
  private final ArrayList<String> queue = new ArrayList<>();
  private boolean flushScheduled;

  private ScheduledFuture<?> pingTimer;
  private ScheduledFuture<?> pongTimer;
  private Instant expiresAt;
  private ScheduledFuture<?> expiryTimer;
  private boolean closed;
  private boolean lingering;
  private final ConnectionLease lease;
  private final MessageLimiter messages;

  EngineSession(
      String sid,
      EngineSettings settings,
      EngineSessions registry,
      Handshake handshake,
      boolean secure,
      EventLoop loop,
      EventLoopLane lane,
      ConnectionLease lease,
      MessageLimiter messages) {
    this.sid = sid;
    this.lease = lease;
    this.messages = messages;
    this.settings = settings;
    this.registry = registry;
    this.handshake = handshake;
    this.secure = secure;
    this.loop = loop;
    this.lane = lane;
  }

  public String sid() {
    return sid;
  }

  public Handshake handshake() {
    return handshake;
  }

  /** The session's place in the connection limits, released when the session ends. */
  public ConnectionLease lease() {
    return lease;
  }

  /** Whether the session was opened over TLS. */
  public boolean secure() {
    return secure;
  }

  /** The home loop; every method but {@link #execute} runs on it. */
  public EventLoop loop() {
    return loop;
  }

  /** The delivery lane of the home loop. */
  public EventLoopLane lane() {
    return lane;
  }

  /** Runs {@code task} on the home loop; from any thread. */
  public void execute(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Whether a packet sent now goes out at once: the WebSocket is not backed up, or a poll is
   * waiting. Volatile packets are dropped otherwise, as the Node server does.
   */
  public boolean isWritable() {
    return !closed && (socket != null ? socket.isWritable() : pendingGet != null);
  }

  /** Whether packets go out over WebSocket (else they wait for the next poll). */
  public boolean isWebSocket() {
    return socket != null;
  }

  /** Starts the session with its listener; called once, on the home loop. */
  void start(EngineListener sessionListener) {
    this.listener = sessionListener;
    schedulePing();
  }

  /** The open packet this session announces. */
  String openPacket(boolean canUpgrade) {
    var options = settings.options();
    return EngineCodec.encodeOpen(
        sid,
        canUpgrade ? List.of("websocket") : List.of(),
        options.pingInterval().toMillis(),
        options.pingTimeout().toMillis(),
        settings.maxPayload());
  }

  // ---- sending ----------------------------------------------------------------------------

  /** Sends a text message packet. */
  public void sendText(String text) {
    sendText(text, true);
  }

  /** Sends a text message packet; with {@code compress} false it is never compressed. */
  public void sendText(String text, boolean compress) {
    send(EnginePacket.text(EnginePacketType.MESSAGE, text), compress);
  }

  /** Sends a binary message packet. */
  public void sendBinary(byte[] data) {
    sendBinary(data, true);
  }

  /** Sends a binary message packet; with {@code compress} false it is never compressed. */
  public void sendBinary(byte[] data, boolean compress) {
    send(EnginePacket.binary(data), compress);
  }

  /**
   * Sends pre-encoded WebSocket frames (whole Engine.IO packets) shared with other sessions, taking
   * over their references; only while {@link #isWebSocket()}. With {@code compress} false they go
   * out uncompressed.
   */
  public void sendFrames(ByteBuf[] frames, boolean compress) {
    if (closed || socket == null) {
      for (ByteBuf frame : frames) {
        frame.release();
      }
      return;
    }
    for (ByteBuf frame : frames) {
      socket.sendFrame(frame, compress);
    }
    if (!lane.isDraining()) {
      socket.flush();
    }
  }

  /**
   * Queues pre-encoded polling packets (as they appear in a payload) shared with other sessions;
   * only while not {@link #isWebSocket()}.
   */
  public void sendPolling(List<String> packets) {
    if (closed) {
      return;
    }
    queue.addAll(packets);
    schedulePollFlush();
  }

  private void send(EnginePacket packet, boolean compress) {
    if (closed) {
      return;
    }
    if (socket != null) {
      socket.sendFrame(frame(packet), compress);
      if (!lane.isDraining()) {
        socket.flush();
      }
    } else {
      queue.add(EngineCodec.encodePayload(List.of(packet)));
      schedulePollFlush();
    }
  }

  /** The WebSocket frame of a packet as queued for polling ({@code b}+base64 for binary). */
  private static ByteBuf frame(String polling) {
    return polling.startsWith("b")
        ? WsFrames.frame(
            ByteBufAllocator.DEFAULT,
            WsFrames.OPCODE_BINARY,
            Base64.getDecoder().decode(polling.substring(1)))
        : WsFrames.frame(
            ByteBufAllocator.DEFAULT,
            WsFrames.OPCODE_TEXT,
            polling.getBytes(StandardCharsets.UTF_8));
  }

  private static ByteBuf frame(EnginePacket packet) {
    return packet.isBinary()
        ? WsFrames.frame(ByteBufAllocator.DEFAULT, WsFrames.OPCODE_BINARY, packet.binary())
        : WsFrames.frame(
            ByteBufAllocator.DEFAULT,
            WsFrames.OPCODE_TEXT,
            EngineCodec.encodeText(packet).getBytes(StandardCharsets.UTF_8));
  }

  private void schedulePollFlush() {
    if (lane.isDraining()) {
      if (!flushScheduled) {
        flushScheduled = true;
        lane.flushLater(this);
      }
    } else {
      flushNow();
    }
  }

  /** Answers the waiting poll with everything queued. */
  @Override
  public void flushNow() {
    flushScheduled = false;
    if (pendingGet != null && !queue.isEmpty()) {
      String body = String.join(SEPARATOR, queue);
      queue.clear();
      answerGet(body);
    }
  }

  private void answerGet(String body) {
    HttpExchange get = pendingGet;
    pendingGet = null;
    get.respond(text(body));
  }

  private static FullHttpResponse text(String body) {
    return HttpResponses.of(
        HttpResponseStatus.OK, "text/plain; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
  }

  // ---- HTTP long-polling --------------------------------------------------------------------

  /** A poll ({@code GET}) for this session, already suspended by the handler. */
  void onGet(HttpExchange get, EngineIoHandler handler) {
    if (closed) {
      if (lingering) {
        lingering = false;
        registry.remove(sid, this);
        get.respond(text("6"));
      } else {
        handler.refuse(get, EngineError.UNKNOWN_SID);
      }
      return;
    }
    if (socket != null) {
      handler.refuse(get, EngineError.BAD_REQUEST);
      return;
    }
    if (pendingGet != null) {
      // Engine.IO v4: at most one GET at a time; a second one ends the session.
      handler.refuse(get, EngineError.BAD_REQUEST);
      close("transport error");
      return;
    }
    if (upgrading) {
      // The client is moving to WebSocket: end this poll cleanly.
      get.respond(text("6"));
      return;
    }
    pendingGet = get;
    flushNow();
  }

  /** The connection of a poll closed before it was answered: the session ends. */
  void pollAborted(HttpExchange get) {
    if (pendingGet == get) {
      pendingGet = null;
      close("transport close");
    }
  }

  /** A payload ({@code POST}) for this session; {@code binary} when sent as octet-stream. */
  void onPost(HttpExchange post, byte[] body, boolean binary, EngineIoHandler handler) {
    if (closed) {
      handler.refuse(post, EngineError.UNKNOWN_SID);
      return;
    }
    if (socket != null) {
      handler.refuse(post, EngineError.BAD_REQUEST);
      return;
    }
    if (body.length > settings.maxPayload()) {
      post.respond(
          HttpResponses.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "text/html", new byte[0]));
      close("transport error");
      return;
    }
    List<EnginePacket> packets;
    try {
      packets =
          binary
              ? List.of(EnginePacket.binary(body))
              : EngineCodec.decodePayload(
                  new String(body, StandardCharsets.UTF_8), settings.limits());
    } catch (ProtocolException e) {
      settings.invalidPacket().run();
      handler.refuse(post, EngineError.BAD_REQUEST);
      close("parse error");
      return;
    }
    post.respond(
        HttpResponses.of(
            HttpResponseStatus.OK, "text/html", "ok".getBytes(StandardCharsets.US_ASCII)));
    for (EnginePacket packet : packets) {
      if (closed) {
        return;
      }
      onPacket(packet);
    }
  }

  // ---- WebSocket ----------------------------------------------------------------------------

  /** A WebSocket-only session's connection is open: send the open packet over it. */
  void openedWebSocket(EngineWebSocket ws) {
    socket = ws;
    ws.sendFrame(
        WsFrames.frame(
            ByteBufAllocator.DEFAULT,
            WsFrames.OPCODE_TEXT,
            openPacket(false).getBytes(StandardCharsets.UTF_8)));
    ws.flush();
  }

  /**
   * An upgrading WebSocket connection is open; it must probe, then upgrade. It is closed at once
   * when the session is closed, already upgraded or upgrading over another connection.
   */
  void openedProbe(EngineWebSocket ws) {
    if (closed || socket != null || probe != null) {
      ws.closeWith(CloseCodes.NORMAL, "");
      return;
    }
    probe = ws;
    upgradeTimer =
        loop.schedule(
            () -> {
              if (probe == ws) {
                probe = null;
                upgrading = false;
                ws.closeWith(1000, "upgrade timeout");
              }
            },
            settings.options().upgradeTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** A packet arrived over a WebSocket connection of this session. */
  void onWebSocketPacket(EngineWebSocket ws, EnginePacket packet) {
    if (ws == probe) {
      onProbePacket(ws, packet);
    } else if (ws == socket) {
      onPacket(packet);
    }
  }

  private void onProbePacket(EngineWebSocket ws, EnginePacket packet) {
    if (packet.type() == EnginePacketType.PING && "probe".equals(packet.text())) {
      ws.sendFrame(frame(EnginePacket.text(EnginePacketType.PONG, "probe")));
      ws.flush();
      upgrading = true;
      if (pendingGet != null) {
        answerGet("6");
      }
    } else if (packet.type() == EnginePacketType.UPGRADE && upgrading) {
      completeUpgrade(ws);
    } else {
      probe = null;
      upgrading = false;
      ws.closeWith(1002, "invalid upgrade");
    }
  }

  private void completeUpgrade(EngineWebSocket ws) {
    upgradeTimer.cancel(false);
    probe = null;
    upgrading = false;
    socket = ws;
    if (pendingGet != null) {
      answerGet("6");
    }
    // What waited for a poll now goes over the WebSocket, in order.
    for (String queued : queue) {
      ws.sendFrame(frame(queued));
    }
    queue.clear();
    ws.flush();
  }

  /** A WebSocket connection of this session ended. */
  void onWebSocketClosed(EngineWebSocket ws) {
    if (ws == probe) {
      probe = null;
      upgrading = false;
    } else if (ws == socket) {
      close("transport close");
    }
  }

  /** The WebSocket transport failed to parse what the client sent. */
  void onWebSocketError(EngineWebSocket ws) {
    settings.invalidPacket().run();
    if (ws == socket) {
      close("parse error");
    } else if (ws == probe) {
      onWebSocketClosed(ws);
    }
  }

  // ---- packets and heartbeat ----------------------------------------------------------------

  private void onPacket(EnginePacket packet) {
    switch (packet.type()) {
      case PONG -> onPong();
      case MESSAGE -> {
        if (!withinRate()) {
          return;
        }
        if (packet.isBinary()) {
          listener.onBinary(packet.binary());
        } else {
          listener.onText(packet.text());
        }
      }
      case CLOSE -> closeByClient();
      case PING, NOOP, UPGRADE -> {}
      case OPEN -> close("parse error");
    }
  }

  /**
   * Takes a token for one message packet. Over the rate the packet is dropped: Engine.IO has no
   * error packet, and Socket.IO none outside CONNECT, so the client is not told; after too many the
   * session ends (a WebSocket with 1008).
   */
  private boolean withinRate() {
    if (messages == null) {
      return true;
    }
    MessageLimiter.Verdict verdict = messages.check(System.nanoTime());
    if (verdict == MessageLimiter.Verdict.ACCEPT) {
      return true;
    }
    settings.messageDropped().run();
    if (verdict == MessageLimiter.Verdict.CLOSE) {
      end(messages.closeReason(), "1", CloseCodes.POLICY_VIOLATION);
    }
    return false;
  }

  private void schedulePing() {
    long interval = settings.options().pingInterval().toMillis();
    pingTimer = loop.schedule(this::ping, interval, TimeUnit.MILLISECONDS);
  }

  private void ping() {
    if (closed) {
      return;
    }
    send(EnginePacket.text(EnginePacketType.PING, ""), true);
    long timeout = settings.options().pingTimeout().toMillis();
    pongTimer = loop.schedule(() -> close("ping timeout"), timeout, TimeUnit.MILLISECONDS);
  }

  private void onPong() {
    if (pongTimer != null) {
      pongTimer.cancel(false);
      pongTimer = null;
      schedulePing();
    }
  }

  // ---- closing ------------------------------------------------------------------------------

  /**
   * Closes the session at {@code instant}, when credentials it was admitted with expire: those of
   * its handshake, or of a Socket.IO namespace joined on it. The earliest such instant wins; {@code
   * null} changes nothing. The client reconnects and authenticates afresh.
   */
  public void expireAt(Instant instant) {
    if (instant == null || closed || (expiresAt != null && !instant.isBefore(expiresAt))) {
      return;
    }
    expiresAt = instant;
    cancel(expiryTimer);
    expiryTimer =
        Expiry.schedule(loop, instant, () -> end("token expired", "1", CloseCodes.TOKEN_EXPIRED));
  }

  /** The client sent a close packet: a waiting poll ends with a noop. */
  private void closeByClient() {
    end("transport close", "6", 1000);
  }

  /**
   * Ends the session from the server side: a waiting poll gets a close packet, a WebSocket is
   * closed (1001 when the server shuts down).
   */
  public void close(String reason) {
    end(reason, "1", reason.equals("server shutting down") ? 1001 : 1000);
  }

  private void end(String reason, String lastPoll, int closeCode) {
    if (closed) {
      return;
    }
    closed = true;
    lease.release();
    if (lastPoll.equals("6") && socket == null && pendingGet == null) {
      lingering = true;
      loop.schedule(
          () -> {
            lingering = false;
            registry.remove(sid, this);
          },
          CLOSED_POLL_GRACE_MILLIS,
          TimeUnit.MILLISECONDS);
    } else {
      registry.remove(sid, this);
    }
    cancel(pingTimer);
    cancel(pongTimer);
    cancel(upgradeTimer);
    cancel(expiryTimer);
    if (pendingGet != null) {
      answerGet(lastPoll);
    }
    queue.clear();
    if (socket != null) {
      socket.closeWith(closeCode, closeCode == CloseCodes.NORMAL ? "" : reason);
    }
    if (probe != null) {
      probe.closeWith(closeCode, "");
      probe = null;
    }
    if (listener != null) {
      listener.onClose(reason);
    }
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
