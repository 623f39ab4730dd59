package io.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as a route handler sees it. Immutable; the body is a copy.
 *
 * @param method e.g. {@code GET}
 * @param path the decoded path
 * @param pathParams values of the route's {@code {name}} segments
 * @param query decoded query parameters
 * @param headers headers, names in lower case
 * @param body the request body (empty when there is none)
 * @param remoteAddress the client's address: the TCP peer, or when that is one of {@link
 *     ServerOptions#trustedProxies()} the client it forwarded the request for (port 0)
 */
public record Request(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    byte[] body,
    InetSocketAddress remoteAddress) {

  /** The value of a {@code {name}} path segment, or {@code null}. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** The first value of a query parameter, or {@code null}. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a header (case-insensitive), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON.
   *
   * @throws HttpError 400 {@code invalid_json} when it is not JSON
   */
  public JsonNode bodyJson() {
    try {
      JsonNode node = Json.readTree(body, 0, body.length);
      if (node == null || node.isMissingNode()) {
        throw new HttpError(ErrorCode.INVALID_JSON, "request body is empty");
      }
      return node;
    } catch (IOException e) {
      throw new HttpError(ErrorCode.INVALID_JSON, "request body is not valid JSON");
    }
  }

  /**
   * The body bound to {@code type} with Jackson.
   *
   * @throws HttpError 400 {@code invalid_json} when it does not fit
   */
  public <T> T bodyAs(Class<T> type) {
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw new HttpError(
          ErrorCode.INVALID_JSON, "request body is not a valid " + type.getSimpleName());
    }
  }
}
