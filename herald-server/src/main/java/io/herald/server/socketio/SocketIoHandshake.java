package io.herald.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Handshake;
import java.time.Instant;

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
}
