package io.herald.server.internal.transport;

import io.herald.protocol.ErrorCode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One HTTP request and its (single) response. A service either answers at once on the event loop,
 * or calls {@link #suspend()} and answers later from any thread; while a request is suspended the
 * connection reads nothing more, so responses always leave in request order.
 *
 * <p>The request object is released when the dispatching call returns: a service that needs the
 * body later copies it first. Whether the connection stays open follows the request's HTTP version
 * and {@code Connection} header.
 */
public final class HttpExchange {
  private final ChannelHandlerContext ctx;
  private final FullHttpRequest request;
  private final QueryStringDecoder uri;
  private final HttpConnectionHandler connection;
  private boolean suspended;
  private boolean responded;
  private boolean closeAfterResponse;
  private Runnable onClose;
  private Runnable onShutdown;
  private Runnable onEnd;
  private Consumer<HttpHeaders> decorator;

  private final boolean keepAlive;
  private final boolean head;
  private InetSocketAddress client;

  HttpExchange(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      QueryStringDecoder uri,
      HttpConnectionHandler connection) {
    this.ctx = ctx;
    this.request = request;
    this.uri = uri;
    this.connection = connection;
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.head = request.method().equals(HttpMethod.HEAD);
  }

  /** Closes the connection after the response (the request stream cannot be trusted). */
  public void closeAfterResponse() {
    closeAfterResponse = true;
  }

  public ChannelHandlerContext context() {
    return ctx;
  }

  public EventLoop loop() {
    return ctx.channel().eventLoop();
  }

  /** The request; valid only during dispatch. */
  public FullHttpRequest request() {
    return request;
  }

  public HttpMethod method() {
    return request.method();
  }

  /** The decoded path, e.g. {@code /api/publish}. */
  public String path() {
    return uri.path();
  }

  /** Decoded query parameters. */
  public Map<String, List<String>> query() {
    return uri.parameters();
  }

  /** The first value of a query parameter, or {@code null}. */
  public String queryParam(String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String header(CharSequence name) {
    return request.headers().get(name);
  }

  /** The TCP peer: the client, or the proxy in front of it. */
  public InetSocketAddress remoteAddress() {
    SocketAddress address = ctx.channel().remoteAddress();
    return address instanceof InetSocketAddress inet ? inet : null;
  }

  /**
   * The client: the TCP peer, or when that is a trusted proxy the address it forwarded the request
   * for (see {@link TrustedProxies}). What limits count and handlers see. Worked out on the first
   * call, which must come while the request is readable (during dispatch).
   */
  public InetSocketAddress clientAddress() {
    if (client == null) {
      client = connection.proxies().clientOf(remoteAddress(), request.headers());
    }
    return client;
  }

  /**
   * Marks the response as coming later: the connection stops reading until {@link #respond} is
   * called, and the request stays readable until then. On the event loop.
   */
  public void suspend() {
    if (!suspended) {
      suspended = true;
      request.retain();
      ctx.channel().config().setAutoRead(false);
    }
  }

  /**
   * Runs {@code action} if the connection closes before this exchange responded. On the event loop.
   */
  public void onClose(Runnable action) {
    this.onClose = action;
  }

  /**
   * Runs {@code action} if the server stops while this exchange waits (a long poll answers early).
   * On the event loop.
   */
  public void onShutdown(Runnable action) {
    this.onShutdown = action;
  }

  /**
   * Runs {@code action} once when this exchange ends: after its response is written, when its
   * connection closes before it was answered, or, for an exchange taken over by a stream
   * (WebSocket, SSE), when the connection closes. Actions run in the order added. On the event
   * loop.
   */
  public void onEnd(Runnable action) {
    Runnable earlier = onEnd;
    onEnd =
        earlier == null
            ? action
            : () -> {
              earlier.run();
              action.run();
            };
  }

  private void ended() {
    Runnable action = onEnd;
    onEnd = null;
    if (action != null) {
      action.run();
    }
  }

  /** Adds headers to the response when it is sent (e.g. CORS). On the event loop. */
  public void decorate(Consumer<HttpHeaders> headers) {
    this.decorator = headers;
  }

  /** Whether a response has been sent. On the event loop. */
  public boolean isDone() {
    return responded;
  }

  /** Sends the response; from any thread. A second response is dropped. */
  public void respond(FullHttpResponse response) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> respond(response));
      return;
    }
    if (responded || !ctx.channel().isActive()) {
      response.release();
      return;
    }
    responded = true;
    onClose = null;
    decorateHead(response.headers());
    boolean persistent = keepAlive && !closeAfterResponse;
    HttpUtil.setKeepAlive(response, persistent);
    if (head) {
      int length = response.content().readableBytes();
      response.content().clear();
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    }
    var future = ctx.writeAndFlush(response);
    if (closeAfterResponse) {
      LingeringClose.after(future);
    } else if (!persistent) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
    resume();
    connection.finished(this);
    ended();
  }

  /** Sends a JSON error response; from any thread. */
  public void error(ErrorCode code, String message) {
    respond(HttpResponses.error(code, message));
  }

  /** Sends a JSON error with an explicit status; from any thread. */
  public void error(HttpResponseStatus status, ErrorCode code, String message) {
    respond(HttpResponses.error(status, code, message));
  }

  /** Adds the {@link #decorate} headers to a response head written by a stream (SSE). */
  void decorateHead(HttpHeaders headers) {
    if (decorator != null) {
      decorator.accept(headers);
    }
  }

  /** Marks this exchange as taken over by a stream (SSE); no response object follows. */
  void streaming() {
    responded = true;
    onClose = null;
    if (onEnd != null) {
      ctx.channel().closeFuture().addListener(closed -> ended());
    }
    resume();
    connection.finished(this);
  }

  /** The server is stopping: close after the response, and let a waiting service answer now. */
  void shutdown() {
    closeAfterResponse = true;
    Runnable action = onShutdown;
    onShutdown = null;
    if (action != null && !responded) {
      action.run();
    }
  }

  private void resume() {
    if (suspended) {
      suspended = false;
      request.release();
      ctx.channel().config().setAutoRead(true);
    }
  }

  /**
   * Gives up on this exchange after its connection failed to move between event loops: runs what
   * waits for the close and gives the request back. Called on the thread that saw the failure, when
   * no event loop serves the connection, so nothing else touches the exchange.
   */
  public void abandon() {
    connectionClosed();
  }

  void connectionClosed() {
    Runnable action = onClose;
    onClose = null;
    if (!responded) {
      responded = true;
      if (action != null) {
        action.run();
      }
      ended();
    }
    if (suspended) {
      suspended = false;
      request.release();
    }
  }
}
