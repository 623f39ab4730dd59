package io.herald.protocol.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes a Socket.IO v5 packet as {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]}:
 * the text, then its binary attachments in placeholder order, each binary value replaced by {@code
 * {"_placeholder":true,"num":N}}. The namespace is written only when it is not {@code /}. Pure
 * functions; the packet's tree is not modified.
 */
public final class SocketIoEncoder {
  private SocketIoEncoder() {}

  /**
   * An encoded packet: send {@code text} (as an Engine.IO message), then each attachment as a
   * binary message. The attachment arrays are those of the packet's {@link BinaryNode}s, not
   * copies.
   *
   * @param text the packet text
   * @param attachments the binary attachments, in placeholder order; empty for a text packet
   */
  public record Encoded(String text, List<byte[]> attachments) {
    public Encoded {
      attachments = List.copyOf(attachments);
    }
  }

  /**
   * Encodes {@code packet}. An EVENT or ACK holding binary values goes out as BINARY_EVENT or
   * BINARY_ACK, as Node's encoder does.
   *
   * @throws IllegalArgumentException when binary values sit in a packet type that cannot carry them
   *     (CONNECT, CONNECT_ERROR)
   */
  public static Encoded encode(SocketIoPacket packet) {
    List<byte[]> attachments = new ArrayList<>();
    JsonNode data = packet.data() == null ? null : deconstruct(packet.data(), attachments);
    SocketIoPacketType type = packet.type();
    if (!attachments.isEmpty()) {
      type =
          switch (type) {
            case EVENT, BINARY_EVENT -> SocketIoPacketType.BINARY_EVENT;
            case ACK, BINARY_ACK -> SocketIoPacketType.BINARY_ACK;
            default ->
                throw new IllegalArgumentException(
                    "a " + type + " packet cannot carry binary data");
          };
    }
    StringBuilder out = new StringBuilder().append(type.code());
    if (type.isBinary()) {
      out.append(attachments.size()).append('-');
    }
    if (!SocketIoPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
      out.append(packet.namespace()).append(',');
    }
    if (packet.id() != null) {
      out.append(packet.id().longValue());
    }
    if (data != null) {
      try {
        out.append(Json.MAPPER.writeValueAsString(data));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("payload cannot be written as JSON", e);
      }
    }
    return new Encoded(out.toString(), attachments);
  }

  /**
   * {@code node} with every binary value replaced by a placeholder numbered in the order met
   * (arrays by index, objects by field order), its bytes appended to {@code attachments}. Returns
   * {@code node} itself when it holds no binary value, else a copy of the containers on the way.
   */
  private static JsonNode deconstruct(JsonNode node, List<byte[]> attachments) {
    if (node instanceof BinaryNode binary) {
      ObjectNode placeholder = Json.MAPPER.createObjectNode();
      placeholder.put("_placeholder", true);
      placeholder.put("num", attachments.size());
      attachments.add(binary.binaryValue());
      return placeholder;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = null;
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        JsonNode replaced = deconstruct(child, attachments);
        if (copy == null && replaced != child) {
          copy = array.arrayNode(array.size());
          for (int j = 0; j < i; j++) {
            copy.add(array.get(j));
          }
        }
        if (copy != null) {
          copy.add(replaced);
        }
      }
      return copy == null ? array : copy;
    }
    if (node instanceof ObjectNode object) {
      ObjectNode copy = null;
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        JsonNode child = field.getValue();
        JsonNode replaced = deconstruct(child, attachments);
        if (copy == null && replaced != child) {
          copy = object.objectNode();
          for (Map.Entry<String, JsonNode> earlier : object.properties()) {
            if (earlier.getKey().equals(field.getKey())) {
              break;
            }
            copy.set(earlier.getKey(), earlier.getValue());
          }
        }
        if (copy != null) {
          copy.set(field.getKey(), replaced);
        }
      }
      return copy == null ? object : copy;
    }
    return node;
  }
}
