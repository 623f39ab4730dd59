package io.herald.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * Encodes the frames the server sends on the Herald channel protocol (docs/protocol.md). Pure
 * functions returning UTF-8 JSON; the hot {@code message} frame is in {@link MessageJson}.
 */
public final class ServerFrames {
  /** Version of the Herald channel protocol, sent in the {@code connected} frame. */
  public static final int VERSION = 1;

  private ServerFrames() {}

  public static byte[] connected(ClientInfo client, int maxMessageSize) {
    ObjectNode frame = type("connected", null);
    frame.put("client", client.client());
    frame.put("user", client.user());
    frame.put("version", VERSION);
    frame.put("maxMessageSize", maxMessageSize);
    return bytes(frame);
  }

  public static byte[] subscribed(
      Long id, String channel, Offset offset, boolean recovered, int replayed) {
    ObjectNode frame = type("subscribed", id);
    frame.put("channel", channel);
    frame.put("offset", offset.toString());
    frame.put("recovered", recovered);
    frame.put("replayed", replayed);
    return bytes(frame);
  }

  public static byte[] unsubscribed(Long id, String channel) {
    ObjectNode frame = type("unsubscribed", id);
    frame.put("channel", channel);
    return bytes(frame);
  }

  public static byte[] ack(Long id, String channel, Offset offset) {
    ObjectNode frame = type("ack", id);
    frame.put("channel", channel);
    frame.put("offset", offset.toString());
    return bytes(frame);
  }

  public static byte[] presence(Long id, String channel, Collection<ClientInfo> clients) {
    ObjectNode frame = type("presence", id);
    frame.put("channel", channel);
    PresenceJson.fill(frame, clients);
    return bytes(frame);
  }

  /** A {@code join} or {@code leave} frame. */
  public static byte[] presenceChange(boolean joined, String channel, ClientInfo client) {
    ObjectNode frame = type(joined ? "join" : "leave", null);
    PresenceJson.change(frame, channel, client);
    return bytes(frame);
  }

  /**
   * The object {@code {"channel":…,"client":…,"user":…,"info":…}} describing a presence change, as
   * carried in SSE {@code herald.join} / {@code herald.leave} events.
   */
  public static byte[] presenceChangeObject(String channel, ClientInfo client) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    PresenceJson.change(object, channel, client);
    return bytes(object);
  }

  public static byte[] pong(Long id) {
    return bytes(type("pong", id));
  }

  public static byte[] error(Long id, ErrorCode code, String message) {
    ObjectNode frame = type("error", id);
    frame.put("code", code.code());
    frame.put("message", message);
    return bytes(frame);
  }

  private static ObjectNode type(String type, Long id) {
    ObjectNode frame = Json.MAPPER.createObjectNode();
    frame.put("type", type);
    if (id != null) {
      frame.put("id", id);
    }
    return frame;
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Presence shapes shared by WebSocket frames, SSE events and the HTTP API. */
  public static final class PresenceJson {
    private PresenceJson() {}

    /** Adds {@code count}, {@code users} and {@code clients} to {@code target}. */
    public static void fill(ObjectNode target, Collection<ClientInfo> clients) {
      target.put("count", clients.size());
      ArrayNode users = target.putArray("users");
      clients.stream().map(ClientInfo::user).filter(u -> u != null).distinct().forEach(users::add);
      ArrayNode list = target.putArray("clients");
      for (ClientInfo client : clients) {
        ObjectNode entry = list.addObject();
        entry.put("client", client.client());
        entry.put("user", client.user());
        entry.set("info", client.info() == null ? null : client.info().toTree());
      }
    }

    /** Adds {@code channel}, {@code client}, {@code user} and {@code info} to {@code target}. */
    public static void change(ObjectNode target, String channel, ClientInfo client) {
      target.put("channel", channel);
      target.put("client", client.client());
      target.put("user", client.user());
      target.set("info", client.info() == null ? null : client.info().toTree());
    }
  }
}
