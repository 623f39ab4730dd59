package io.herald.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP request that opened a connection (a WebSocket upgrade, an SSE stream, a poll).
 * Immutable.
 *
 * @param path the request path, decoded
 * @param query decoded query parameters
 * @param headers request headers, names in lower case
 * @param remoteAddress the peer's address
 * @param time when the request arrived
 */
public record Handshake(
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    InetSocketAddress remoteAddress,
    Instant time) {
  public Handshake {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /** The first value of a header (case-insensitive), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a query parameter, or {@code null}. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
