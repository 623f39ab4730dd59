package io.herald.server.internal.engineio;

import io.herald.protocol.Json;
import io.herald.server.internal.transport.HttpResponses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors an Engine.IO server answers requests with, with the codes and messages of the Node
 * server (its {@code Server.errors}): HTTP 400 (403 for {@code FORBIDDEN}) and the JSON body {@code
 * {"code":N,"message":"…"}}.
 */
enum EngineError {
  UNKNOWN_TRANSPORT(0, "Transport unknown"),
  UNKNOWN_SID(1, "Session ID unknown"),
  BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
  BAD_REQUEST(3, "Bad request"),
  FORBIDDEN(4, "Forbidden"),
  UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

  private final int code;
  private final String message;

  EngineError(int code, String message) {
    this.code = code;
    this.message = message;
  }

  int code() {
    return code;
  }

  FullHttpResponse response() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    try {
      return HttpResponses.json(
          this == FORBIDDEN ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST,
          Json.MAPPER.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
