package io.herald.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A published message, as stored in history and delivered to subscribers. Immutable.
 *
 * @param channel the channel it was published on
 * @param offset its position in the channel's history
 * @param event its event name
 * @param data its JSON payload
 * @param time the publish time, milliseconds since the Unix epoch
 * @param extras arguments layout, binary attachments and routing hints ({@link Extras#NONE} for a
 *     plain message)
 */
public record Message(
    String channel, Offset offset, String event, JsonData data, long time, Extras extras)
    implements ChannelEvent {
  /** A plain message: JSON data only. */
  public Message(String channel, Offset offset, String event, JsonData data, long time) {
    this(channel, offset, event, data, time, Extras.NONE);
  }

  /**
   * The data for transports that carry JSON only: {@link #data()} itself, or, when the message has
   * binary attachments, a copy in which each placeholder {@code {"_placeholder":true,"num":N}} is
   * replaced by attachment N as a base64 string.
   */
  public JsonData portableData() {
    List<byte[]> attachments = extras.attachments();
    if (attachments.isEmpty()) {
      return data;
    }
    return JsonData.of(inline(data.toTree(), attachments));
  }

  private static JsonNode inline(JsonNode node, List<byte[]> attachments) {
    if (node instanceof ObjectNode object) {
      JsonNode num = object.get("num");
      if (object.size() == 2
          && object.path("_placeholder").asBoolean(false)
          && num != null
          && num.canConvertToInt()
          && num.intValue() >= 0
          && num.intValue() < attachments.size()) {
        return TextNode.valueOf(
            Base64.getEncoder().encodeToString(attachments.get(num.intValue())));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        field.setValue(inline(field.getValue(), attachments));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, inline(array.get(i), attachments));
      }
    }
    return node;
  }
}
