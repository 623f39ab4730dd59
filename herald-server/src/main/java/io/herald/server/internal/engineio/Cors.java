package io.herald.server.internal.engineio;

import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.socketio.CorsOptions;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * CORS (Fetch standard, "CORS protocol") for the long-polling transport: allowed origins are echoed
 * back, with credentials when configured; other origins get no CORS headers, so browsers refuse
 * them.
 */
final class Cors {
  private final CorsOptions options;

  Cors(CorsOptions options) {
    this.options = options;
  }

  /** Adds the CORS headers an answer to a request from {@code origin} needs. */
  void apply(String origin, HttpHeaders headers) {
    if (!options.allows(origin)) {
      return;
    }
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    if (options.credentials()) {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }

  /** The answer to a preflight request ({@code OPTIONS}). */
  FullHttpResponse preflight(HttpExchange exchange) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    apply(exchange.header(HttpHeaderNames.ORIGIN), response.headers());
    if (response.headers().contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)) {
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
      String requested = exchange.header(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
      response
          .headers()
          .set(
              HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
              requested == null ? "content-type" : requested);
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    }
    return response;
  }
}
