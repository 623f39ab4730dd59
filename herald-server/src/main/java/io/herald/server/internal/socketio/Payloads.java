package io.herald.server.internal.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.protocol.Json;
import io.herald.protocol.JsonData;
import io.herald.server.socketio.Arguments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns Socket.IO event arguments into a channel message's payload: one argument is the data
 * itself, any other number is a JSON array ({@code spread}); binary values become attachments
 * referred to by placeholders, as on the Socket.IO wire.
 */
final class Payloads {
  record Payload(JsonData data, boolean spread, List<byte[]> attachments) {}

  private Payloads() {}

  static Payload of(Arguments args) {
    List<byte[]> attachments = new ArrayList<>();
    ArrayNode values = (ArrayNode) extract(args.toJson(), attachments);
    boolean spread = values.size() != 1;
    return new Payload(JsonData.of(spread ? values : values.get(0)), spread, attachments);
  }

  private static JsonNode extract(JsonNode node, List<byte[]> attachments) {
    if (node.isBinary()) {
      ObjectNode placeholder = Json.MAPPER.createObjectNode();
      placeholder.put("_placeholder", true);
      placeholder.put("num", attachments.size());
      try {
        attachments.add(node.binaryValue());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return placeholder;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, extract(array.get(i), attachments));
      }
    } else if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        field.setValue(extract(field.getValue(), attachments));
      }
    }
    return node;
  }
}
