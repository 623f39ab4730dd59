package io.herald.server.internal.transport;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds HTTP responses; every error has the JSON body {@code {"error":…,"message":…}}. */
public final class HttpResponses {
  private HttpResponses() {}

  /** A JSON response with the given body bytes. */
  public static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
    return of(status, HttpHeaderValues.APPLICATION_JSON.toString(), body);
  }

  /** A response with a body of the given content type. */
  public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }

  /** An error with the HTTP status of its code. */
  public static FullHttpResponse error(ErrorCode code, String message) {
    return error(HttpResponseStatus.valueOf(code.httpStatus()), code, message);
  }

  /** An error with an explicit HTTP status. */
  public static FullHttpResponse error(HttpResponseStatus status, ErrorCode code, String message) {
    return json(status, errorBody(code, message));
  }

  /** The JSON error body. */
  public static byte[] errorBody(ErrorCode code, String message) {
    return errorBody(code.code(), message);
  }

  /** The JSON error body with an application-defined code. */
  public static byte[] errorBody(String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
