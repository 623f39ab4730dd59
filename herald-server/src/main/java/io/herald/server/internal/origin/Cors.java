package io.herald.server.internal.origin;

import io.herald.protocol.ErrorCode;
import io.herald.server.internal.HeraldMetrics;
import io.herald.server.internal.origin.OriginPolicy.Verdict;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.WebSocketUpgrade;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;

/**
 * The origin check of one endpoint: lets a request through when its {@link OriginPolicy} allows it,
 * adding the CORS headers (Fetch standard, "CORS protocol") an allowed cross-origin answer needs;
 * answers preflight requests ({@code OPTIONS}); refuses any other cross-origin request with 403
 * before anything else happens, in particular before a WebSocket upgrade, which browsers do not
 * subject to CORS. Immutable; called on the event loop.
 */
public final class Cors {
  private static final String MAX_AGE_SECONDS = "600";

  private final OriginPolicy policy;
  private final String methods;
  private final HeraldMetrics metrics;

  /**
   * @param methods the methods a preflight allows, e.g. {@code "GET, POST"}
   */
  public Cors(OriginPolicy policy, String methods, HeraldMetrics metrics) {
    this.policy = policy;
    this.methods = methods;
    this.metrics = metrics;
  }

  /**
   * Checks the request's {@code Origin}. Returns {@code true} if it may proceed (its response will
   * carry the CORS headers it needs); otherwise the exchange has been answered — a preflight with
   * 204, a refused origin with 403 (and a refused upgrade closes its connection) — and {@code
   * false} is returned.
   */
  public boolean admit(HttpExchange exchange) {
    String origin = exchange.header(HttpHeaderNames.ORIGIN);
    boolean secure = exchange.context().pipeline().get(SslHandler.class) != null;
    Verdict verdict = policy.judge(origin, exchange.header(HttpHeaderNames.HOST), secure);
    if (verdict == Verdict.REFUSED) {
      metrics.error(ErrorCode.FORBIDDEN);
      if (WebSocketUpgrade.isUpgradeRequest(exchange.request().headers())) {
        exchange.closeAfterResponse();
      }
      exchange.error(ErrorCode.FORBIDDEN, "origin " + origin + " is not allowed");
      return false;
    }
    if (verdict == Verdict.ALLOWED) {
      exchange.decorate(headers -> allow(origin, headers));
    }
    if (exchange.method().equals(HttpMethod.OPTIONS)) {
      exchange.respond(preflight(exchange, verdict == Verdict.ALLOWED));
      return false;
    }
    return true;
  }

  private void allow(String origin, HttpHeaders headers) {
    // The origin is echoed rather than "*", so that credentials can be allowed; caches must then
    // key the answer by Origin.
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    if (policy.credentials()) {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }

  private FullHttpResponse preflight(HttpExchange exchange, boolean crossOrigin) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    if (crossOrigin) {
      HttpHeaders headers = response.headers();
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
      String requested = exchange.header(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
      headers.set(
          HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
          requested == null ? "content-type" : requested);
      headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
    }
    return response;
  }
}
