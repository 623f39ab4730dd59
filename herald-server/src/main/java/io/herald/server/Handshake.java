package io.herald.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP request that opened a connection (a WebSocket upgrade, an SSE stream, a poll, an
 * Engine.IO handshake). Immutable.
 *
 * @param transport the transport the connection arrives on
 * @param path the request path, decoded
 * @param query decoded query parameters
 * @param headers request headers, names in lower case
 * @param remoteAddress the client's address: the TCP peer, or when that is one of {@link
 *     ServerOptions#trustedProxies()} the client it forwarded the request for (port 0)
 * @param time when the request arrived
 */
public record Handshake(
    Transport transport,
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    InetSocketAddress remoteAddress,
    Instant time) {
  public Handshake {
    Objects.requireNonNull(transport);
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

  /**
   * The value of a cookie from the {@code Cookie} headers, or {@code null}. Values are returned as
   * sent, without surrounding double quotes and not URL-decoded.
   */
  public String cookie(String name) {
    List<String> values = headers.get("cookie");
    if (values == null) {
      return null;
    }
    for (String header : values) {
      // RFC 6265 §4.2.1: cookie-pair *( ";" SP cookie-pair )
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          String value = pair.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          return value;
        }
      }
    }
    return null;
  }
}
