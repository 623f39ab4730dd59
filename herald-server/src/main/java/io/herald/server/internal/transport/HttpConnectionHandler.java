package io.herald.server.internal.transport;

import io.herald.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP connection's pipeline: turns each complete request into an {@link
 * HttpExchange} for the {@link HttpRequestHandler}, answers malformed requests, holds pipelined
 * requests back while an earlier one is still being answered, and tells a pending exchange when its
 * connection closes. One instance per connection; on its event loop.
 */
public final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HttpConnectionHandler.class);

  private final HttpRequestHandler handler;
  private final TrustedProxies proxies;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>(0);
  private ChannelHandlerContext ctx;
  private HttpExchange pending;

  /**
   * @param proxies the peers whose {@code X-Forwarded-For} names each request's client
   */
  public HttpConnectionHandler(HttpRequestHandler handler, TrustedProxies proxies) {
    this.handler = handler;
    this.proxies = proxies;
  }

  TrustedProxies proxies() {
    return proxies;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      // After a WebSocket or SSE takeover nothing else should arrive here; drop it.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (pending != null) {
      // HTTP/1.1 pipelining: answer in order, after the pending exchange.
      waiting.add(request);
      return;
    }
    dispatch(request);
  }

  private void dispatch(FullHttpRequest request) {
    try {
      DecoderResult result = request.decoderResult();
      if (result.isFailure()) {
        rejectMalformed(request, result.cause());
        return;
      }
      if (!request.uri().startsWith("/")) {
        // Only the origin form (RFC 9112 §3.2.1) names a resource here: no proxy's absolute
        // form, no OPTIONS *, and no target the route table would misread as a path.
        HttpExchange exchange = new HttpExchange(ctx, request, new QueryStringDecoder("/"), this);
        exchange.error(ErrorCode.BAD_REQUEST, "the request target must be a path starting with /");
        return;
      }
      QueryStringDecoder uri;
      try {
        uri = new QueryStringDecoder(request.uri());
        uri.path();
        uri.parameters();
      } catch (IllegalArgumentException e) {
        HttpExchange exchange = new HttpExchange(ctx, request, new QueryStringDecoder("/"), this);
        exchange.error(ErrorCode.BAD_REQUEST, "malformed request URI");
        return;
      }
      HttpExchange exchange = new HttpExchange(ctx, request, uri, this);
      pending = exchange;
      try {
        handler.handle(exchange);
      } catch (RuntimeException e) {
        log.warn("request handling failed: {} {}", request.method(), uri.path(), e);
        exchange.error(ErrorCode.INTERNAL_ERROR, "internal error");
      }
    } finally {
      request.release();
    }
  }

  private void rejectMalformed(FullHttpRequest request, Throwable cause) {
    HttpResponseStatus status;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      message = "request line too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      message = "request headers too large";
    } else if (cause instanceof TooLongFrameException) {
      status = HttpResponseStatus.BAD_REQUEST;
      message = "request too large";
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      message = "malformed HTTP request";
    }
    // The decoder cannot resynchronise after a malformed request: answer, then close.
    HttpExchange exchange = new HttpExchange(ctx, request, new QueryStringDecoder("/"), this);
    exchange.closeAfterResponse();
    exchange.error(status, ErrorCode.BAD_REQUEST, message);
  }

  /** The exchange responded (or was taken over); dispatch the next pipelined request. */
  void finished(HttpExchange exchange) {
    if (pending != exchange) {
      return;
    }
    pending = null;
    if (!waiting.isEmpty() && ctx.pipeline().get(HttpConnectionHandler.class) == this) {
      FullHttpRequest next = waiting.poll();
      ctx.executor().execute(() -> dispatch(next));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
    if (event instanceof ShutdownEvent) {
      if (pending == null) {
        context.close();
      } else {
        pending.shutdown();
      }
    }
    super.userEventTriggered(context, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) throws Exception {
    HttpExchange exchange = pending;
    pending = null;
    if (exchange != null) {
      exchange.connectionClosed();
    }
    releaseWaiting();
    super.channelInactive(context);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    releaseWaiting();
  }

  private void releaseWaiting() {
    FullHttpRequest request;
    while ((request = waiting.poll()) != null) {
      request.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    log.debug("HTTP connection failed", cause);
    context.close();
  }
}
