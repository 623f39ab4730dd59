package io.herald.server.internal.websocket;

import io.herald.core.Ids;
import io.herald.core.SerialExecutor;
import io.herald.server.Handshake;
import io.herald.server.Principal;
import io.herald.server.WebSocketConnection;
import io.herald.server.WebSocketEndpoint;
import io.herald.server.internal.HeraldMetrics;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.CloseCodes;
import io.herald.server.internal.transport.LoopResources;
import io.herald.server.internal.transport.WebSocketSession;
import io.herald.server.internal.transport.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to an application {@link WebSocketEndpoint}. Frames arrive on the event loop and the
 * endpoint's callbacks run on a per-connection serial executor of virtual threads; sends from any
 * thread are queued on the event loop.
 */
final class EndpointSocket extends WebSocketSession implements WebSocketConnection {
  private static final Logger log = LoggerFactory.getLogger(EndpointSocket.class);

  private final ServerContext server;
  private final WebSocketEndpoint endpoint;
  private final EndpointMembers members;
  private final LoopResources loop;
  private final Handshake handshake;
  private final Principal principal;
  private final SerialExecutor callbacks;
  private final String id = Ids.connectionId();
  private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
  private volatile boolean open;

  EndpointSocket(
      ServerContext server,
      WebSocketEndpoint endpoint,
      EndpointMembers members,
      LoopResources loop,
      Handshake handshake,
      Principal principal) {
    super(loop, server.webSocket(), server.limits().messageLimiter());
    this.server = server;
    this.endpoint = endpoint;
    this.members = members;
    this.loop = loop;
    this.handshake = handshake;
    this.principal = principal;
    this.callbacks = new SerialExecutor(server.handlerThreads());
  }

  @Override
  protected void onOpen() {
    open = true;
    server.metrics().opened(HeraldMetrics.Transport.WEBSOCKET);
    members.add(loop.lane(), this);
    if (endpoint.onOpen() != null) {
      callback(() -> endpoint.onOpen().onOpen(this));
    }
  }

  @Override
  protected void onText(ByteBuf text) {
    if (endpoint.onText() == null) {
      closeWith(CloseCodes.UNSUPPORTED_DATA, "text messages are not supported here");
      return;
    }
    String message = text.toString(StandardCharsets.UTF_8);
    callback(() -> endpoint.onText().onText(this, message));
  }

  @Override
  protected void onMessageDropped() {
    // An application protocol has no error frame Herald could send: the message is dropped.
    server.metrics().limit("message_rate");
  }

  @Override
  protected void onBinary(ByteBuf data) {
    if (endpoint.onBinary() == null) {
      closeWith(CloseCodes.UNSUPPORTED_DATA, "binary messages are not supported here");
      return;
    }
    byte[] bytes = ByteBufUtil.getBytes(data);
    callback(() -> endpoint.onBinary().onBinary(this, bytes));
  }

  @Override
  protected void onClosed(int code, String reason) {
    open = false;
    members.remove(loop.lane(), this);
    server.metrics().closed(HeraldMetrics.Transport.WEBSOCKET);
    if (endpoint.onClose() != null) {
      callback(() -> endpoint.onClose().onClose(this, code, reason));
    }
  }

  private void callback(Callback callback) {
    callbacks.execute(
        () -> {
          try {
            callback.run();
          } catch (Exception e) {
            log.warn("WebSocket endpoint {} failed", handshake.path(), e);
            closeWith(CloseCodes.INTERNAL_ERROR, "internal error");
          }
        });
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void send(String text) {
    send(text.getBytes(StandardCharsets.UTF_8), WsFrames.OPCODE_TEXT);
  }

  @Override
  public void send(byte[] data) {
    send(data.clone(), WsFrames.OPCODE_BINARY);
  }

  private void send(byte[] payload, int opcode) {
    checkSize(payload.length);
    onLoop(
        () -> {
          sendFrame(WsFrames.frame(ByteBufAllocator.DEFAULT, opcode, payload));
          flush();
        });
  }

  @Override
  public void broadcast(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    checkSize(payload.length);
    members.broadcast(
        WsFrames.frame(ByteBufAllocator.DEFAULT, WsFrames.OPCODE_TEXT, payload), this);
  }

  @Override
  public void broadcast(byte[] data) {
    checkSize(data.length);
    members.broadcast(WsFrames.frame(ByteBufAllocator.DEFAULT, WsFrames.OPCODE_BINARY, data), this);
  }

  @Override
  public void close() {
    close(CloseCodes.NORMAL, "");
  }

  @Override
  public void close(int code, String reason) {
    if (code != CloseCodes.NORMAL && (code < 3000 || code > 4999)) {
      throw new IllegalArgumentException("close with 1000 or an application code 3000-4999");
    }
    if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > 123) {
      throw new IllegalArgumentException("a close reason is at most 123 bytes");
    }
    onLoop(() -> closeWith(code, reason == null ? "" : reason));
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public ConcurrentMap<String, Object> attributes() {
    return attributes;
  }

  private void checkSize(int length) {
    if (length > server.config().server().maxMessageSize()) {
      throw new IllegalArgumentException("message of " + length + " bytes exceeds maxMessageSize");
    }
  }

  private void onLoop(Runnable action) {
    EventLoop eventLoop = loop.lane().loop();
    if (eventLoop.inEventLoop()) {
      action.run();
    } else {
      eventLoop.execute(action);
    }
  }

  @FunctionalInterface
  private interface Callback {
    void run() throws Exception;
  }
}
