package io.herald.server.socketio;

import java.util.List;

/**
 * Cross-origin access to the HTTP long-polling transport (WebSocket upgrades are not subject to
 * CORS). The default allows no other origin: a page must be served by the same server.
 *
 * @param origins origins allowed to poll, e.g. {@code https://app.example.com}; {@code "*"} allows
 *     any (not together with credentials: the request's own origin is echoed then)
 * @param credentials whether cookies and HTTP authentication may be sent along
 */
public record CorsOptions(List<String> origins, boolean credentials) {
  public static final CorsOptions NONE = new CorsOptions(List.of(), false);

  public CorsOptions {
    origins = List.copyOf(origins);
  }

  /** Whether {@code origin} may poll. */
  public boolean allows(String origin) {
    return origin != null && (origins.contains("*") || origins.contains(origin));
  }
}
