package io.herald.server.internal.transport;

import io.herald.protocol.ErrorCode;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The timeouts of an HTTP connection, placed right after the HTTP codec:
 *
 * <ul>
 *   <li><b>handshake</b>: a new connection must deliver its first request, and every request its
 *       headers and body, within the handshake timeout of its first byte (a slow-headers,
 *       "slowloris", client); a WebSocket upgrade must be answered within it too. A request that
 *       has begun is answered 408 {@code request_timeout} and closed; otherwise the connection is
 *       just closed.
 *   <li><b>idle</b>: a keep-alive connection with every response sent may wait this long for its
 *       next request, then it is closed.
 * </ul>
 *
 * <p>A request being answered (a long poll) has no timeout here, and after a 101 or once an SSE
 * stream begins the handler leaves the pipeline: those connections have heartbeats. With TLS the
 * handler sits after the TLS handler and sees decrypted data; a TLS handshake that has not finished
 * counts as a request not yet begun. A timeout of 0 is off.
 *
 * <p>One instance per connection; every method runs on its event loop.
 */
public final class HttpTimeouts extends ChannelDuplexHandler {
  private enum Wait {
    /** No timeout running. */
    NONE,
    /** Nothing received on a new connection yet. */
    FIRST_REQUEST,
    /** Between requests of a keep-alive connection. */
    IDLE,
    /** Part of a request has arrived. */
    REQUEST,
    /** A complete WebSocket upgrade request waits for its answer. */
    UPGRADE
  }

  private final long handshakeNanos;
  private final long idleNanos;
  private final Consumer<String> onTimeout;
  private ChannelHandlerContext ctx;
  private Wait wait = Wait.NONE;
  private long deadline;
  private ScheduledFuture<?> timer;
  private int unanswered;
  private boolean receiving;
  private boolean upgrade;
  private boolean readMessage;

  /**
   * @param handshakeNanos the handshake timeout, 0 for none
   * @param idleNanos the idle timeout, 0 for none
   * @param onTimeout told the name of each timeout that closes a connection ({@code
   *     handshake_timeout}, {@code idle_timeout}) for metrics
   */
  public HttpTimeouts(long handshakeNanos, long idleNanos, Consumer<String> onTimeout) {
    this.handshakeNanos = handshakeNanos;
    this.idleNanos = idleNanos;
    this.onTimeout = onTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
    arm(Wait.FIRST_REQUEST, handshakeNanos);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    disarm();
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    readMessage = true;
    if (msg instanceof HttpRequest request) {
      unanswered++;
      receiving = true;
      upgrade = WebSocketUpgrade.isUpgradeRequest(request.headers());
      if (wait != Wait.REQUEST) {
        arm(Wait.REQUEST, handshakeNanos);
      }
    }
    if (msg instanceof LastHttpContent && receiving) {
      receiving = false;
      if (upgrade) {
        // Same deadline, counted from the request's first byte: the 101 must come in time.
        wait = Wait.UPGRADE;
      } else {
        disarm();
      }
    }
    context.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    // Bytes arrived but the codec has not produced a request yet: a request has begun.
    if (!readMessage && (wait == Wait.IDLE || wait == Wait.FIRST_REQUEST) && !tlsPending()) {
      arm(Wait.REQUEST, handshakeNanos);
    }
    readMessage = false;
    context.fireChannelReadComplete();
  }

  @Override
  public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
    boolean switching =
        msg instanceof HttpResponse response
            && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    boolean last = msg instanceof LastHttpContent;
    context.write(msg, promise);
    if (switching) {
      // A WebSocket from now on: its heartbeats take over.
      context.pipeline().remove(this);
      return;
    }
    if (last && unanswered > 0) {
      unanswered--;
      if (unanswered == 0 && !receiving) {
        arm(Wait.IDLE, idleNanos);
      }
    }
  }

  private boolean tlsPending() {
    SslHandler tls = ctx.pipeline().get(SslHandler.class);
    return tls != null && !tls.handshakeFuture().isDone();
  }

  private void arm(Wait next, long nanos) {
    if (nanos <= 0) {
      disarm();
      return;
    }
    wait = next;
    deadline = System.nanoTime() + nanos;
    if (timer == null) {
      timer = ctx.executor().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void disarm() {
    wait = Wait.NONE;
  }

  /** The timer fired: act if the current deadline passed, else wait for it. */
  private void expire() {
    if (!ctx.executor().inEventLoop()) {
      // The connection moved to another loop (an Engine.IO upgrade joins its session's loop).
      ctx.executor().execute(this::expire);
      return;
    }
    timer = null;
    if (wait == Wait.NONE || !ctx.channel().isActive()) {
      return;
    }
    long left = deadline - System.nanoTime();
    if (left > 0) {
      timer = ctx.executor().schedule(this::expire, left, TimeUnit.NANOSECONDS);
      return;
    }
    Wait expired = wait;
    disarm();
    if (expired == Wait.IDLE) {
      onTimeout.accept("idle_timeout");
      ctx.close();
      return;
    }
    onTimeout.accept("handshake_timeout");
    if (expired == Wait.REQUEST && unanswered <= 1 && !tlsPending()) {
      FullHttpResponse response =
          HttpResponses.error(
              ErrorCode.REQUEST_TIMEOUT, "the request did not arrive in time; connection closed");
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }
}
