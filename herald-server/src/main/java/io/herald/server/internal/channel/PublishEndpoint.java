package io.herald.server.internal.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import io.herald.protocol.JsonData;
import io.herald.protocol.Names;
import io.herald.protocol.ProtocolException;
import io.herald.server.internal.Secret;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /api/publish}: publishes {@code {channel, event, data}} for callers holding the API
 * key, answering with the message's offset. On the event loop.
 */
public final class PublishEndpoint {
  public static final String PATH = "/api/publish";

  private static final Set<String> FIELDS = Set.of("channel", "event", "data");

  private final ServerContext server;
  private final Secret key;

  public PublishEndpoint(ServerContext server) {
    this.server = server;
    String configured = server.config().api().key();
    this.key = configured == null ? null : new Secret(configured);
  }

  public void handle(HttpExchange exchange) {
    try {
      authorize(exchange);
      String contentType = exchange.header(HttpHeaderNames.CONTENT_TYPE);
      if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
        throw new ProtocolException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the message as Content-Type: application/json");
      }
      ObjectNode body = body(exchange);
      String channel =
          Names.channel(
              text(body, "channel", true), server.config().limits().maxChannelNameLength());
      String event = text(body, "event", false);
      event =
          Names.event(
              event == null ? "message" : event, server.config().limits().maxEventNameLength());
      JsonData data = JsonData.of(body.get("data"));
      String published = channel;
      server.backpressure().afterPublish(exchange.context().channel());
      server
          .engine()
          .publish(channel, event, data)
          .whenComplete(
              (message, failure) -> {
                if (failure != null) {
                  Throwable cause =
                      failure instanceof CompletionException ? failure.getCause() : failure;
                  ProtocolException error =
                      cause instanceof ProtocolException p
                          ? p
                          : new ProtocolException(ErrorCode.INTERNAL_ERROR, "publish failed");
                  exchange.error(error.code(), error.getMessage());
                  return;
                }
                Map<String, String> answer = new LinkedHashMap<>();
                answer.put("channel", published);
                answer.put("offset", message.offset().toString());
                exchange.respond(HttpResponses.json(HttpResponseStatus.OK, json(answer)));
              });
    } catch (ProtocolException e) {
      server.metrics().error(e.code());
      FullHttpResponse response = HttpResponses.error(e.code(), e.getMessage());
      if (e.code() == ErrorCode.UNAUTHORIZED) {
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
      }
      exchange.respond(response);
    }
  }

  private void authorize(HttpExchange exchange) {
    if (key == null) {
      throw new ProtocolException(
          ErrorCode.API_DISABLED, "the publish API is off: configure api.key to enable it");
    }
    String header = exchange.header(HttpHeaderNames.AUTHORIZATION);
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    if (!key.matches(presented)) {
      throw new ProtocolException(
          ErrorCode.UNAUTHORIZED, "send the API key as Authorization: Bearer KEY");
    }
  }

  private static ObjectNode body(HttpExchange exchange) {
    JsonNode node;
    try (ByteBufInputStream in = new ByteBufInputStream(exchange.request().content())) {
      node = Json.readTree(in);
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "request body is not valid JSON");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ProtocolException(
          ErrorCode.INVALID_JSON, "request body must be a JSON object {channel, event, data}");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new ProtocolException(
            ErrorCode.INVALID_PARAMETER, "unknown field '" + Names.printable(name, 32) + "'");
      }
    }
    return object;
  }

  private static String text(ObjectNode body, String field, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new ProtocolException(
            ErrorCode.INVALID_CHANNEL, "the body needs a string field '" + field + "'");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new ProtocolException(
          field.equals("channel") ? ErrorCode.INVALID_CHANNEL : ErrorCode.INVALID_EVENT,
          "'" + field + "' must be a string");
    }
    return value.textValue();
  }

  private static byte[] json(Object value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
