package io.herald.server.internal.transport;

import io.herald.server.internal.limits.MessageLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded WebSocket connection: control frames, the closing handshake, heartbeats, the
 * slow-consumer policy and pre-encoded writes. Subclasses speak a protocol over its text and binary
 * messages (already reassembled, size-checked and UTF-8-validated by the handlers before this one).
 *
 * <p>Every method runs on the connection's event loop.
 */
public abstract class WebSocketSession extends ChannelInboundHandlerAdapter
    implements Heartbeats.Member, FrameSink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);
  private static final long CLOSE_TIMEOUT_MILLIS = 2000;

  /** The highest close code RFC 6455 defines (4000-4999 are for private use). */
  private static final int MAX_CLOSE_CODE = 4999;

  private final LoopResources loop;
  private final WebSocketSettings settings;
  private final MessageLimiter messages;
  private ChannelHandlerContext ctx;
  private Outbound out;
  private boolean compressing;
  private long lastRead;
  private long lastPing;
  private int heartbeatSlot = -1;
  private boolean closing;
  private ScheduledFuture<?> closeTimer;
  private Instant expiresAt;
  private ScheduledFuture<?> expiryTimer;
  private int closeCode = CloseCodes.ABNORMAL;
  private String closeReason = "";

  protected WebSocketSession(LoopResources loop, WebSocketSettings settings) {
    this(loop, settings, null);
  }

  /**
   * @param messages the inbound message rate of this connection, or {@code null} for none (an
   *     Engine.IO session limits its messages itself, across its transports)
   */
  protected WebSocketSession(
      LoopResources loop, WebSocketSettings settings, MessageLimiter messages) {
    this.loop = loop;
    this.settings = settings;
    this.messages = messages;
  }

  /** Called once the 101 response is written; the connection is open. */
  final void open(ChannelHandlerContext sessionContext) {
    this.ctx = sessionContext;
    ChannelHandlerContext raw = ctx.pipeline().context(WsFrames.RAW_CONTEXT);
    this.out =
        new Outbound(
            raw,
            loop.lane(),
            settings.slowConsumerLimit(),
            slow -> closeWith(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect and resume"));
    this.compressing = ctx.pipeline().context(WebSocketExtensionEncoder.class) != null;
    long now = System.nanoTime();
    lastRead = now;
    // A random phase spreads the pings of connections opened together (a reconnect wave) over
    // the whole interval instead of sending them all in one sweep.
    lastPing = now - ThreadLocalRandom.current().nextLong(settings.pingIntervalNanos());
    loop.heartbeats().add(this);
    if (expiresAt != null) {
      expiryTimer = Expiry.schedule(ctx.executor(), expiresAt, this::expire);
    }
    onOpen();
  }

  /**
   * Closes the connection with {@code 4001} at {@code instant}, when its credentials expire ({@code
   * null}: never). Call before the upgrade completes.
   */
  public final void expireAt(Instant instant) {
    this.expiresAt = instant;
  }

  private void expire() {
    closeWith(CloseCodes.TOKEN_EXPIRED, "token expired: reconnect with a fresh token");
  }

  /** The connection is open; the subclass may send its greeting. */
  protected abstract void onOpen();

  /** A complete text message; {@code text} is released after the call. */
  protected abstract void onText(ByteBuf text);

  /** A complete binary message; {@code data} is released after the call. */
  protected abstract void onBinary(ByteBuf data);

  /**
   * A text or binary message over the rate was dropped; the subclass may tell the client. When the
   * connection sent too many such messages, it is closed with 1008 right after this call.
   */
  protected void onMessageDropped() {}

  /**
   * The connection is closed; release everything it holds.
   *
   * @param code the close code (1006 when the TCP connection ended without a close frame)
   */
  protected abstract void onClosed(int code, String reason);

  protected final ChannelHandlerContext context() {
    return ctx;
  }

  protected final EventLoopLane lane() {
    return loop.lane();
  }

  /** Whether this connection is open and not closing. */
  public final boolean isLive() {
    return ctx != null && !closing && ctx.channel().isActive();
  }

  /**
   * Whether a write now would go out without queueing behind earlier ones (Netty's writability).
   */
  public final boolean isWritable() {
    return isLive() && ctx.channel().isWritable();
  }

  /**
   * Sends one pre-encoded frame (taking over its reference). Inside a lane drain the flush happens
   * at the end of the drain; elsewhere call {@link #flush()} after the writes.
   */
  @Override
  public final void sendFrame(ByteBuf frame) {
    sendFrame(frame, true);
  }

  /**
   * Sends one pre-encoded frame as {@link #sendFrame(ByteBuf)} does; with {@code compressible}
   * false it goes out uncompressed even when permessage-deflate is on.
   */
  public final void sendFrame(ByteBuf frame, boolean compressible) {
    if (closing || out == null) {
      frame.release();
      return;
    }
    int header = WsFrames.headerLength(frame);
    int payload = frame.readableBytes() - header;
    if (compressible && compressing && payload >= settings.compressionThreshold()) {
      // permessage-deflate keeps per-connection state, so a compressed message is encoded per
      // connection by the deflate encoder; smaller messages still go out pre-encoded.
      ByteBuf content = frame.retainedSlice(frame.readerIndex() + header, payload);
      boolean text = WsFrames.opcode(frame) == WsFrames.OPCODE_TEXT;
      frame.release();
      out.write(ctx, text ? new TextWebSocketFrame(content) : new BinaryWebSocketFrame(content));
      return;
    }
    out.write(frame);
  }

  /** Flushes writes made outside a lane drain. */
  public final void flush() {
    if (out != null) {
      out.flushNow();
    }
  }

  /**
   * Starts the closing handshake with {@code code} and {@code reason}; the TCP connection is closed
   * when the peer answers or after two seconds.
   */
  public final void closeWith(int code, String reason) {
    if (closing || ctx == null) {
      return;
    }
    closing = true;
    closeCode = code;
    closeReason = reason;
    out.close();
    ctx.writeAndFlush(new CloseWebSocketFrame(code, reason));
    closeTimer =
        ctx.executor().schedule(() -> ctx.close(), CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public final void channelRead(ChannelHandlerContext context, Object msg) {
    lastRead = System.nanoTime();
    try {
      if (msg instanceof TextWebSocketFrame text) {
        if (!closing && withinRate(lastRead)) {
          onText(text.content());
        }
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        if (!closing && withinRate(lastRead)) {
          onBinary(binary.content());
        }
      } else if (msg instanceof PingWebSocketFrame ping) {
        // RFC 6455 §5.5.3: answer with a pong carrying the same application data.
        context.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame close) {
        peerClosed(close);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Takes a token for one inbound message; drops it, or closes with 1008, over the rate. */
  private boolean withinRate(long now) {
    if (messages == null) {
      return true;
    }
    MessageLimiter.Verdict verdict = messages.check(now);
    if (verdict == MessageLimiter.Verdict.ACCEPT) {
      return true;
    }
    onMessageDropped();
    if (verdict == MessageLimiter.Verdict.CLOSE) {
      settings.onProtocolError().accept(CloseCodes.POLICY_VIOLATION);
      closeWith(CloseCodes.POLICY_VIOLATION, messages.closeReason());
    }
    return false;
  }

  private void peerClosed(CloseWebSocketFrame frame) {
    if (closing) {
      // Our close was answered: the handshake is complete.
      ctx.close();
      return;
    }
    closing = true;
    int code = frame.statusCode();
    out.close();
    CloseWebSocketFrame reply;
    if (code > MAX_CLOSE_CODE) {
      // RFC 6455 §7.4.2 defines no code above 4999 (Netty's check lets them through): a
      // protocol error, answered with 1002 rather than echoed.
      settings.onProtocolError().accept(CloseCodes.PROTOCOL_ERROR);
      closeCode = CloseCodes.PROTOCOL_ERROR;
      closeReason = "invalid close code";
      reply = new CloseWebSocketFrame(CloseCodes.PROTOCOL_ERROR, closeReason);
    } else {
      closeCode = code < 0 ? CloseCodes.NO_STATUS : code;
      closeReason = frame.reasonText();
      // RFC 6455 §5.5.1: echo the status code, then close the TCP connection.
      reply = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
    }
    ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public final void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupt) {
      // The decoder (or the UTF-8 validator) discards all further input of this connection;
      // it reads on, so the peer's unread bytes never turn our close into a TCP reset.
      int code = corrupt.closeStatus().code();
      settings.onProtocolError().accept(code);
      closeWith(code, corrupt.getMessage() == null ? "protocol error" : corrupt.getMessage());
    } else if (isUninflatable(cause)) {
      // RFC 7692 §8.2.3.1 / RFC 6455 §7.4.1: data that does not inflate is invalid payload data.
      settings.onProtocolError().accept(CloseCodes.INVALID_PAYLOAD);
      closeWith(CloseCodes.INVALID_PAYLOAD, "compressed data does not inflate");
    } else if (cause instanceof TooLongFrameException || cause instanceof DecompressionException) {
      // An inflated message past the limit (a decompression bomb) is as too big as a large one.
      settings.onProtocolError().accept(CloseCodes.MESSAGE_TOO_BIG);
      closeWith(
          CloseCodes.MESSAGE_TOO_BIG,
          "message larger than " + settings.maxMessageSize() + " bytes");
    } else {
      log.debug("WebSocket connection failed", cause);
      if (context.channel().isActive()) {
        closeWith(CloseCodes.INTERNAL_ERROR, "internal error");
      }
    }
  }

  /**
   * Whether the permessage-deflate decoder failed on the data itself: zlib refused it, or it
   * inflated to nothing (Netty's "cannot read uncompressed buffer", a plain {@link CodecException}
   * that its decoder base class wraps). An inflated message past the limit is neither.
   */
  private static boolean isUninflatable(Throwable cause) {
    return (cause instanceof DecompressionException
            && cause.getCause() instanceof DataFormatException)
        || (cause instanceof DecoderException
            && cause.getCause() != null
            && cause.getCause().getClass() == CodecException.class);
  }

  @Override
  public final void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (event instanceof ShutdownEvent) {
      onServerShutdown();
    }
    context.fireUserEventTriggered(event);
  }

  /** The server is stopping; by default the connection closes with 1001. */
  protected void onServerShutdown() {
    closeWith(CloseCodes.GOING_AWAY, "server shutting down: reconnect and resume");
  }

  @Override
  public final void channelInactive(ChannelHandlerContext context) {
    closing = true;
    loop.heartbeats().remove(this);
    if (closeTimer != null) {
      closeTimer.cancel(false);
    }
    if (expiryTimer != null) {
      expiryTimer.cancel(false);
    }
    if (out != null) {
      out.close();
      onClosed(closeCode, closeReason);
    }
    context.fireChannelInactive();
  }

  @Override
  public final void beat(long now) {
    if (closing) {
      return;
    }
    long interval = settings.pingIntervalNanos();
    if (now - lastRead > interval + settings.pingTimeoutNanos()) {
      closeWith(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
      return;
    }
    if (now - lastPing >= interval) {
      lastPing = now;
      out.write(WsFrames.PING.duplicate());
      out.flushNow();
    }
  }

  @Override
  public final int heartbeatSlot() {
    return heartbeatSlot;
  }

  @Override
  public final void heartbeatSlot(int slot) {
    heartbeatSlot = slot;
  }
}
