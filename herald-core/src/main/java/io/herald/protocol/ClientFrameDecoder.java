package io.herald.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Decodes one client text frame of the Herald channel protocol into a {@link ClientFrame}. A pure
 * function of its input: any thread may call it, and bad input always ends in a {@link
 * ProtocolException} with the code the client gets back.
 */
public final class ClientFrameDecoder {
  /** The largest request id: 2^53 - 1, the largest integer a JavaScript number holds exactly. */
  public static final long MAX_ID = (1L << 53) - 1;

  private static final Set<String> SUBSCRIBE_FIELDS =
      Set.of("op", "id", "channel", "since", "presence", "info");
  private static final Set<String> CHANNEL_FIELDS = Set.of("op", "id", "channel");
  private static final Set<String> PUBLISH_FIELDS = Set.of("op", "id", "channel", "event", "data");
  private static final Set<String> PING_FIELDS = Set.of("op", "id");

  private final FrameLimits limits;

  public ClientFrameDecoder(FrameLimits limits) {
    this.limits = limits;
  }

  /**
   * Decodes the UTF-8 JSON in {@code bytes[offset, offset + length)}.
   *
   * @throws ProtocolException describing what is wrong with the frame
   */
  public ClientFrame decode(byte[] bytes, int offset, int length) {
    JsonNode tree;
    try {
      tree = Json.readTree(bytes, offset, length);
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "frame is not valid JSON");
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "frame is empty");
    }
    if (!(tree instanceof ObjectNode frame)) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "frame must be a JSON object");
    }
    Long id = id(frame.get("id"));
    try {
      return decode(frame, id);
    } catch (ProtocolException e) {
      throw e.forRequest(id);
    }
  }

  private ClientFrame decode(ObjectNode frame, Long id) {
    JsonNode op = frame.get("op");
    if (op == null || !op.isTextual()) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "frame needs a string field 'op'");
    }
    return switch (op.textValue()) {
      case "subscribe" -> {
        only(frame, SUBSCRIBE_FIELDS);
        JsonNode since = frame.get("since");
        Offset sinceOffset = null;
        if (since != null && !since.isNull()) {
          if (!since.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_OFFSET, "'since' must be a string");
          }
          sinceOffset = Offset.parse(since.textValue());
        }
        yield new ClientFrame.Subscribe(
            id, channel(frame), sinceOffset, flag(frame, "presence"), info(frame.get("info")));
      }
      case "unsubscribe" -> {
        only(frame, CHANNEL_FIELDS);
        yield new ClientFrame.Unsubscribe(id, channel(frame));
      }
      case "publish" -> {
        only(frame, PUBLISH_FIELDS);
        String channel = channel(frame);
        JsonNode event = frame.get("event");
        String name = "message";
        if (event != null && !event.isNull()) {
          if (!event.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_EVENT, "'event' must be a string");
          }
          name = Names.event(event.textValue(), limits.maxEventNameLength());
        }
        yield new ClientFrame.Publish(id, channel, name, JsonData.of(frame.get("data")));
      }
      case "presence" -> {
        only(frame, CHANNEL_FIELDS);
        yield new ClientFrame.PresenceQuery(id, channel(frame));
      }
      case "ping" -> {
        only(frame, PING_FIELDS);
        yield new ClientFrame.Ping(id);
      }
      default ->
          throw new ProtocolException(
              ErrorCode.UNKNOWN_OP, "unknown op '" + Names.printable(op.textValue(), 32) + "'");
    };
  }

  private static Long id(JsonNode id) {
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.canConvertToExactIntegral() || !id.canConvertToLong()) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "'id' must be an integer");
    }
    long value = id.longValue();
    if (value < 0 || value > MAX_ID) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "'id' must be between 0 and 2^53-1");
    }
    return value;
  }

  private String channel(ObjectNode frame) {
    JsonNode channel = frame.get("channel");
    if (channel == null || !channel.isTextual()) {
      throw new ProtocolException(
          ErrorCode.INVALID_CHANNEL, "frame needs a string field 'channel'");
    }
    return Names.channel(channel.textValue(), limits.maxChannelNameLength());
  }

  private static boolean flag(ObjectNode frame, String field) {
    JsonNode value = frame.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "'" + field + "' must be a boolean");
    }
    return value.booleanValue();
  }

  private JsonData info(JsonNode info) {
    if (info == null || info.isNull()) {
      return null;
    }
    if (!info.isObject()) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "'info' must be a JSON object");
    }
    JsonData data = JsonData.of(info);
    if (data.size() > limits.maxInfoBytes()) {
      throw new ProtocolException(
          ErrorCode.INVALID_FRAME, "'info' must be at most " + limits.maxInfoBytes() + " bytes");
    }
    return data;
  }

  private static void only(ObjectNode frame, Set<String> allowed) {
    for (Iterator<String> names = frame.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ProtocolException(
            ErrorCode.INVALID_FRAME, "unknown field '" + Names.printable(name, 32) + "'");
      }
    }
  }
}
