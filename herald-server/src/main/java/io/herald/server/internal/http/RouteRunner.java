package io.herald.server.internal.http;

import io.herald.protocol.ErrorCode;
import io.herald.server.HttpError;
import io.herald.server.Request;
import io.herald.server.Response;
import io.herald.server.RouteHandler;
import io.herald.server.internal.HttpErrors;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route handler on a virtual thread with the exchange suspended, and writes its {@link
 * Response} back on the event loop.
 */
final class RouteRunner {
  private static final Logger log = LoggerFactory.getLogger(RouteRunner.class);

  private final Executor handlerThreads;

  RouteRunner(Executor handlerThreads) {
    this.handlerThreads = handlerThreads;
  }

  /** On the event loop: copies the request, then runs the handler off it. */
  void run(HttpExchange exchange, RouteHandler handler, Map<String, String> params) {
    Request request = request(exchange, params);
    exchange.suspend();
    handlerThreads.execute(
        () -> {
          FullHttpResponse response;
          try {
            Response answer = handler.handle(request);
            response = answer == null ? empty(204) : toNetty(answer);
          } catch (HttpError e) {
            response = HttpErrors.response(e);
          } catch (Exception e) {
            log.warn("route {} {} failed", request.method(), request.path(), e);
            response = HttpResponses.error(ErrorCode.INTERNAL_ERROR, "internal error");
          }
          exchange.respond(response);
        });
  }

  private static Request request(HttpExchange exchange, Map<String, String> params) {
    Map<String, List<String>> headers = new HashMap<>();
    exchange
        .request()
        .headers()
        .forEach(
            h ->
                headers
                    .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.getValue()));
    return new Request(
        exchange.method().name(),
        exchange.path(),
        Map.copyOf(params),
        exchange.query(),
        headers,
        ByteBufUtil.getBytes(exchange.request().content()),
        exchange.clientAddress());
  }

  private static FullHttpResponse toNetty(Response answer) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            Unpooled.wrappedBuffer(answer.body()));
    answer.headers().forEach(response.headers()::set);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    return response;
  }

  private static FullHttpResponse empty(int status) {
    return toNetty(io.herald.server.Response.status(status));
  }
}
