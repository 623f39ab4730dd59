package io.herald.server;

import io.herald.server.internal.origin.OriginPolicy;
import java.util.List;

/**
 * Which web pages may connect: the {@code Origin} check of every WebSocket upgrade (against
 * cross-site WebSocket hijacking) and CORS for SSE and polling. A request without an {@code Origin}
 * header (a non-browser client) and a request from the server's own origin are always allowed; a
 * browser request from any other origin is refused with 403 unless listed here.
 *
 * @param allowed origins other pages may connect from (default: none): exact origins such as {@code
 *     https://app.example.com}, every subdomain of a site as {@code https://*.example.com} (not the
 *     site itself), {@code "null"} for pages without an origin (sandboxed frames, files), or {@code
 *     "*"} for any origin
 * @param credentials whether cross-origin SSE and polling requests may carry cookies and HTTP
 *     authentication ({@code Access-Control-Allow-Credentials}; default {@code false}); not with
 *     {@code "*"}
 */
public record OriginOptions(List<String> allowed, boolean credentials) {
  /** Same-origin pages and non-browser clients only. */
  public static final OriginOptions DEFAULTS = new OriginOptions(List.of(), false);

  /**
   * @throws IllegalArgumentException if an entry is not an origin, or {@code "*"} is combined with
   *     credentials
   */
  public OriginOptions {
    allowed = List.copyOf(allowed);
    OriginPolicy.of(allowed, credentials);
  }

  public OriginOptions withAllowed(List<String> value) {
    return new OriginOptions(value, credentials);
  }

  public OriginOptions withCredentials(boolean value) {
    return new OriginOptions(allowed, value);
  }
}
