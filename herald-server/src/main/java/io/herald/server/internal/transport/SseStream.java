package io.herald.server.internal.transport;

import io.herald.protocol.SseFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Server-Sent Events response stream. After the response head is written the HTTP codec leaves
 * the pipeline and events go out as pre-encoded chunks (chunked transfer coding, RFC 9112 §7.1,
 * framed by {@link #chunk}), so one encoded event serves every stream. Sends a keepalive comment
 * every {@code keepAlive}; ends the stream with the last chunk.
 *
 * <p>Confined to the connection's event loop.
 */
public final class SseStream extends ChannelInboundHandlerAdapter implements Heartbeats.Member {
  /** Told once when the stream's connection is gone. */
  @FunctionalInterface
  public interface CloseListener {
    void onClosed();
  }

  private static final ByteBuf KEEPALIVE =
      Unpooled.unreleasableBuffer(
          chunk(Unpooled.directBuffer(32), SseFormat.KEEPALIVE.getBytes(StandardCharsets.UTF_8))
              .asReadOnly());
  private static final ByteBuf LAST_CHUNK =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(5).writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

  private final LoopResources loop;
  private final long keepAliveNanos;
  private final int slowConsumerLimit;
  private CloseListener listener;
  private ChannelHandlerContext ctx;
  private Outbound out;
  private long lastKeepAlive;
  private int heartbeatSlot = -1;
  private boolean ended;

  public SseStream(LoopResources loop, long keepAliveNanos, int slowConsumerLimit) {
    this.loop = loop;
    this.keepAliveNanos = keepAliveNanos;
    this.slowConsumerLimit = slowConsumerLimit;
  }

  /** Frames {@code event} as one HTTP chunk appended to {@code buf}. */
  public static ByteBuf chunk(ByteBuf buf, byte[] event) {
    buf.writeCharSequence(Integer.toHexString(event.length), StandardCharsets.US_ASCII);
    buf.writeByte('\r').writeByte('\n');
    buf.writeBytes(event);
    return buf.writeByte('\r').writeByte('\n');
  }

  /** {@code event} as one HTTP chunk in a new direct buffer. */
  public static ByteBuf chunk(ByteBufAllocator alloc, byte[] event) {
    return chunk(alloc.directBuffer(event.length + 12), event);
  }

  /**
   * Answers the exchange with the stream's response head and takes the connection over. On the
   * event loop.
   *
   * @param headers extra response headers
   */
  public void start(HttpExchange exchange, Map<String, String> headers, CloseListener onClosed) {
    this.listener = onClosed;
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
        .set("X-Accel-Buffering", "no")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    headers.forEach(head.headers()::set);
    exchange.decorateHead(head.headers());
    ChannelHandlerContext http = exchange.context();
    http.write(head);
    // From here on this connection only carries pre-framed chunks of this response.
    ChannelPipeline pipeline = http.pipeline();
    pipeline.replace(http.name(), "sse", this);
    pipeline.remove(HttpServerCodec.class);
    pipeline.remove("http-aggregator");
    if (pipeline.get("ws-extensions") != null) {
      pipeline.remove("ws-extensions");
    }
    if (pipeline.get(HttpTimeouts.class) != null) {
      // The request is complete and the stream has heartbeats: nothing left for it to time.
      pipeline.remove(HttpTimeouts.class);
    }
    exchange.streaming();
    out = new Outbound(ctx, loop.lane(), slowConsumerLimit, slow -> end());
    // A random phase spreads the keepalives of streams opened together over the interval.
    lastKeepAlive = System.nanoTime() - ThreadLocalRandom.current().nextLong(keepAliveNanos);
    loop.heartbeats().add(this);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  /**
   * Writes one pre-framed chunk (taking over its reference); flushed at the end of a lane drain, or
   * by {@link #flush()}.
   */
  public void write(ByteBuf chunk) {
    out.write(chunk);
  }

  public void flush() {
    out.flushNow();
  }

  /** Ends the stream with the last chunk and closes the connection. */
  public void end() {
    if (ended || ctx == null) {
      return;
    }
    ended = true;
    out.close();
    ctx.writeAndFlush(LAST_CHUNK.duplicate()).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void beat(long now) {
    if (!ended && now - lastKeepAlive >= keepAliveNanos) {
      lastKeepAlive = now;
      out.write(KEEPALIVE.duplicate());
      out.flushNow();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    // A client has nothing to say on an event stream; ignore whatever arrives.
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (event instanceof ShutdownEvent) {
      end();
    }
    context.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    ended = true;
    loop.heartbeats().remove(this);
    if (out != null) {
      out.close();
    }
    CloseListener closed = listener;
    listener = null;
    if (closed != null) {
      closed.onClosed();
    }
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    context.close();
  }

  @Override
  public int heartbeatSlot() {
    return heartbeatSlot;
  }

  @Override
  public void heartbeatSlot(int slot) {
    heartbeatSlot = slot;
  }
}
