package io.herald.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Handshake;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How a socket connected, as Node's {@code socket.handshake}: the HTTP request that opened the
 * Engine.IO session and the {@code auth} payload of the namespace CONNECT packet. Immutable.
 *
 * @param request headers, query, address and path of the opening request
 * @param auth the CONNECT packet's payload ({@code {}} when none)
 * @param time when the socket connected
 * @param secure whether the connection is TLS
 */
public record SocketIoHandshake(Handshake request, JsonNode auth, Instant time, boolean secure) {
  public SocketIoHandshake {
    auth = auth.deepCopy();
  }

  @Override
  public JsonNode auth() {
    return auth.deepCopy();
  }

  /** A request header (case-insensitive), or {@code null}. */
  public String header(String name) {
    return request.header(name);
  }

  /** A query parameter of the opening request, or {@code null}. */
  public String query(String name) {
    return request.queryParam(name);
  }

  /** The headers of the opening request, names in lower case. */
  public Map<String, List<String>> headers() {
    return request.headers();
  }

  /** The query parameters of the opening request. */
  public Map<String, List<String>> query() {
    return request.query();
  }

  /** The client's address. */
  public InetSocketAddress address() {
    return request.remoteAddress();
  }

  /**
   * The URL of the opening request, path and query (e.g. {@code
   * /socket.io/?EIO=4&transport=polling&t=abc}), reassembled from the decoded parts.
   */
  public String url() {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    request
        .query()
        .forEach(
            (name, values) ->
                values.forEach(
                    value ->
                        query.add(
                            URLEncoder.encode(name, StandardCharsets.UTF_8)
                                + "="
                                + URLEncoder.encode(value, StandardCharsets.UTF_8))));
    return request.path() + query;
  }
}
