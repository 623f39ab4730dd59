package io.herald.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.herald.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route handler answers. Immutable; build one with the static factories and refine it with
 * {@link #withStatus} and {@link #withHeader}.
 *
 * @param status the HTTP status
 * @param headers response headers (Content-Type and Content-Length are set for you)
 * @param body the body bytes
 */
public record Response(int status, Map<String, String> headers, byte[] body) {
  public Response {
    headers = Map.copyOf(headers);
  }

  /** 200 with {@code value} written as JSON by Jackson. */
  public static Response json(Object value) {
    return json(200, value);
  }

  /** {@code status} with {@code value} written as JSON by Jackson. */
  public static Response json(int status, Object value) {
    try {
      return new Response(
          status, Map.of("content-type", "application/json"), Json.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON", e);
    }
  }

  /** 200 with a plain-text body. */
  public static Response text(String text) {
    return new Response(
        200,
        Map.of("content-type", "text/plain; charset=utf-8"),
        text.getBytes(StandardCharsets.UTF_8));
  }

  /** 200 with an HTML body. */
  public static Response html(String html) {
    return new Response(
        200,
        Map.of("content-type", "text/html; charset=utf-8"),
        html.getBytes(StandardCharsets.UTF_8));
  }

  /** 200 with the given bytes and content type. */
  public static Response bytes(byte[] body, String contentType) {
    return new Response(200, Map.of("content-type", contentType), body.clone());
  }

  /** A response with no body, e.g. {@code Response.status(204)}. */
  public static Response status(int status) {
    return new Response(status, Map.of(), new byte[0]);
  }

  public Response withStatus(int newStatus) {
    return new Response(newStatus, headers, body);
  }

  public Response withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return new Response(status, copy, body);
  }
}
